using System.Diagnostics;
using System.Reflection;

namespace Simulator.Tests.Publish;

/// <summary>`dotnet run --project AppHost -- publish ...` as a user runs it (built with the tests), into a folder of its own.</summary>
public sealed class PublishRun : IDisposable
{
    private PublishRun(DirectoryInfo root, int exitCode, IReadOnlyList<string> output) =>
        (Root, ExitCode, Output) = (root, exitCode, output);

    /// <summary>Holds the publish folder and the CA the proxy's certificate is issued by, both removed on Dispose.</summary>
    public DirectoryInfo Root { get; }

    public string Folder => Path.Combine(Root.FullName, "published");

    public string CertificateFolder => Path.Combine(Root.FullName, "ca");

    public int ExitCode { get; }

    public IReadOnlyList<string> Output { get; }

    /// <summary>Publishes into a new temporary folder (or <paramref name="root"/>'s "published"), with the given extra arguments.</summary>
    public static async Task<PublishRun> StartAsync(IEnumerable<string> arguments, DirectoryInfo? root = null)
    {
        root ??= Directory.CreateTempSubdirectory("sails-publish-");
        var configuration = typeof(PublishRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "--no-launch-profile", "--configuration", configuration,
            "--project", RepositoryPaths.AppHost, "--", "publish", "--out", Path.Combine(root.FullName, "published"),
            $"--Simulator:Proxy:CertificateFolder={Path.Combine(root.FullName, "ca")}", .. arguments])
        {
            // Where the AppHost finds its settings, as when a user runs it there.
            WorkingDirectory = RepositoryPaths.AppHost,
        };
        var publish = await BoundedCommandLine.RunAsync(start, Bounded.HangLimit);
        return new PublishRun(root, publish.ExitCode, BoundedCommandLine.Lines(publish));
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));

    public void Dispose()
    {
        if (Directory.Exists(Root.FullName))
        {
            Root.Delete(recursive: true);
        }
    }
}
