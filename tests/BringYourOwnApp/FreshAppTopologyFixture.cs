using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulator.AppHost;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// A fresh `sails new` app run by the simulator in its own topology (2 replicas), apart from the
/// shared one: its own proxy port, its own volumes, removed at the end.
/// </summary>
public sealed class FreshAppTopologyFixture : IAsyncLifetime
{
    public const int Replicas = 2;
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(6);

    // Per run, so a run never meets an earlier run's data or generated passwords.
    private readonly string _volumeSuffix = $"-byo-{Guid.NewGuid():N}"[..13];

    public FreshSailsApp Sails { get; private set; } = null!;

    public DistributedApplication Simulator { get; private set; } = null!;

    /// <summary>Every file of the app folder (node_modules included) with its size and time, before the simulator ran.</summary>
    public IReadOnlyList<string> FolderBefore { get; private set; } = [];

    public int ProxyPort { get; } = FreeLoopbackPort();

    public Uri Origin => new($"http://localhost:{ProxyPort}");

    public async Task InitializeAsync()
    {
        Sails = await FreshSailsApp.CreateAsync(generateWithin: TimeSpan.FromMinutes(2), installWithin: TimeSpan.FromMinutes(5));
        FolderBefore = Snapshot(Sails.Path);

        using var timeout = new CancellationTokenSource(HealthyWithin);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--Simulator:App:Path={Sails.Path}",
            $"--Simulator:Replicas={Replicas}",
            $"--Simulator:Proxy:Port={ProxyPort}",
            $"--Simulator:VolumeSuffix={_volumeSuffix}",
            // The app has no migrations: Sails' first-run way creates its tables on the empty database.
            "--Simulator:App:Migrate=alter",
            // The Web App template redirects every GET whose host name is not custom.baseUrl's; req.hostname has no port.
            "--Simulator:App:Environment:sails_custom__baseUrl=http://localhost",
        ], timeout.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddSimpleConsole());
        Simulator = await builder.BuildAsync(timeout.Token);
        await Simulator.StartAsync(timeout.Token);

        var migrate = await WithinAsync(HealthyWithin, "the migrate job finishing", token =>
            Simulator.ResourceNotifications.WaitForResourceAsync("migrate", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token));
        if (migrate.Snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"migrate ended {migrate.Snapshot.State?.Text} with exit code {migrate.Snapshot.ExitCode}:\n{string.Join('\n', await LogAsync("migrate"))}");
        }

        await WithinAsync(HealthyWithin, "both replicas and the proxy becoming Healthy", token =>
            Simulator.ResourceNotifications.WaitForResourceHealthyAsync("proxy", token));
    }

    /// <summary>A resource's log lines so far.</summary>
    public async Task<IReadOnlyList<string>> LogAsync(string resource)
    {
        var lines = new List<string>();
        // By the resource, not its name: a container's log is kept under its DCP name (migrate-xxxx).
        var model = Simulator.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var batch in Simulator.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(model).WithCancellation(timeout.Token))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }

        return lines;
    }

    public static IReadOnlyList<string> Snapshot(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(path => new FileInfo(path))
            .Select(f => $"{Path.GetRelativePath(folder, f.FullName)} {(f.Attributes.HasFlag(FileAttributes.Directory) ? 0 : f.Length)} {f.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task<T> WithinAsync<T>(TimeSpan limit, string what, Func<CancellationToken, Task<T>> action)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            return await action(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s");
        }
    }

    public async Task DisposeAsync()
    {
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        foreach (var resource in new[] { "postgres", "redis", "storage" })
        {
            await RemoveVolumeAsync($"sails-simulator-{resource}-data{_volumeSuffix}");
        }

        if (Sails is not null)
        {
            var generated = SailsAppImage.GeneratedFolder(Sails.Path, SailsAppImage.DefaultGeneratedRoot);
            if (Directory.Exists(generated))
            {
                Directory.Delete(generated, recursive: true);
            }

            Sails.Dispose();
        }
    }

    private static async Task RemoveVolumeAsync(string name)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", ["volume", "rm", "--force", name]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await docker.WaitForExitAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

// Not in parallel with other collections: two topologies at once overload a 2-core machine.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FreshAppCollection : ICollectionFixture<FreshAppTopologyFixture>
{
    public const string Name = "fresh sails app";
}
