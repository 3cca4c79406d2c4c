using System.Diagnostics;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Provisioning;

/// <summary>
/// eng/local-cas.sh, which eng/images.sh uses to put the host's own CA certificates into the offline
/// base, run on a temporary folder: a certificate whose name has a space or a quote is carried too.
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class LocalCasScriptTests : IDisposable
{
    private static readonly string[] Certificates = ["corp root ca.crt", "it's ours.crt", "plain.crt"];
    private readonly DirectoryInfo _source = Directory.CreateTempSubdirectory("local-cas-");
    private readonly DirectoryInfo _target = Directory.CreateTempSubdirectory("local-cas-copied-");

    public LocalCasScriptTests()
    {
        foreach (var name in Certificates)
        {
            File.WriteAllText(Path.Combine(_source.FullName, name), $"certificate {name}");
        }

        File.WriteAllText(Path.Combine(_source.FullName, "readme.txt"), "not a certificate");
    }

    [Fact]
    public async Task Certificates_whose_names_have_spaces_or_quotes_are_copied_and_hashed()
    {
        var digest = await RunAsync("""copy_local_cas "$1" "$2" && local_cas_digest "$1" """);

        Assert.Equal(Certificates, _target.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Certificates.Length, digest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(Certificates, name => Assert.Contains(name, digest));
    }

    private async Task<string> RunAsync(string script)
    {
        var library = Path.Combine(RepositoryPaths.Root, "eng", "local-cas.sh");
        var bash = await BoundedCommandLine.RunAsync(
            new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", $"source \"$0\"; {script}", library, _source.FullName, _target.FullName]),
            Bounded.HangLimit);
        Assert.True(bash.Succeeded, $"bash exited with {bash.ExitCode}: {bash.Error}");
        return bash.Output;
    }

    public void Dispose()
    {
        _source.Delete(recursive: true);
        _target.Delete(recursive: true);
    }
}
