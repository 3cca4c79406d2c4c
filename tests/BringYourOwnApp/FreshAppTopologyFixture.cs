using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Simulator.AppHost;
using Simulator.SampleAppClient;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// An app that `sails new` generated, run by the simulator in its own topology (2 replicas), apart
/// from the shared one: its own proxy port, its own volumes, removed at the end.
/// </summary>
public abstract class GeneratedAppTopologyFixture : IAsyncLifetime
{
    public const int Replicas = 2;
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(6);

    private SimulatorRun _run = null!;

    public FreshSailsApp Sails { get; private set; } = null!;

    public DistributedApplication Simulator => _run.App;

    /// <summary>Every file of the app folder (node_modules included) with its size and time, before the simulator ran.</summary>
    public IReadOnlyList<string> FolderBefore { get; private set; } = [];

    public Uri Origin => _run.Origin;

    public ProductCertificateAuthority Authority => _run.Authority;

    /// <summary>How the migrate job's first run ended, before any replica started (an operator may start it again later).</summary>
    public int? FirstMigrateExitCode { get; private set; }

    /// <summary>The first run's log: a container's output is read from its current run, which a later start replaces.</summary>
    public IReadOnlyList<string> FirstMigrateLog { get; private set; } = [];

    /// <summary>Generates and installs the app, as its developer would.</summary>
    protected abstract Task<FreshSailsApp> CreateAppAsync();

    /// <summary>The app's settings beside its path and the replica count.</summary>
    protected abstract IEnumerable<string> AppSettings { get; }

    public async Task InitializeAsync()
    {
        Sails = await CreateAppAsync();
        FolderBefore = Snapshot(Sails.Path);

        _run = await SimulatorRun.StartAsync(
            [$"--Simulator:App:Path={Sails.Path}", $"--Simulator:Replicas={Replicas}", .. AppSettings], HealthyWithin);

        var migrate = await Bounded.WithinAsync(HealthyWithin, "the migrate job finishing", token =>
            Simulator.ResourceNotifications.WaitForResourceAsync("migrate", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token));
        FirstMigrateExitCode = migrate.Snapshot.ExitCode;
        FirstMigrateLog = await LogAsync("migrate");
        if (migrate.Snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"migrate ended {migrate.Snapshot.State?.Text} with exit code {migrate.Snapshot.ExitCode}:\n{string.Join('\n', FirstMigrateLog)}");
        }

        await Bounded.WithinAsync(HealthyWithin, "both replicas and the proxy becoming Healthy", token =>
            Simulator.ResourceNotifications.WaitForResourceHealthyAsync("proxy", token));
    }

    /// <summary>A resource's log lines so far.</summary>
    public async Task<IReadOnlyList<string>> LogAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return [.. (await _run.LogAsync(resource, timeout.Token)).Select(line => line.Content)];
    }

    public static IReadOnlyList<string> Snapshot(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(path => new FileInfo(path))
            .Select(f => $"{Path.GetRelativePath(folder, f.FullName)} {(f.Attributes.HasFlag(FileAttributes.Directory) ? 0 : f.Length)} {f.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal)
            .ToList();

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }

        if (Sails is not null)
        {
            AppFolder.DeleteGeneratedImageFiles(Sails.Path);
            Sails.Dispose();
        }
    }
}

/// <summary>A fresh Web App (see <see cref="FreshSailsApp.CreateAsync"/>): uploads to S3, its own variable names by reference.</summary>
public sealed class FreshAppTopologyFixture : GeneratedAppTopologyFixture
{
    protected override Task<FreshSailsApp> CreateAppAsync() =>
        FreshSailsApp.CreateAsync(generateWithin: TimeSpan.FromMinutes(2), installWithin: TimeSpan.FromMinutes(5));

    protected override IEnumerable<string> AppSettings =>
    [
        // The app has no migrations: Sails' first-run way creates its tables on the empty database.
        "--Simulator:App:Migrate=alter",
        // The Web App template redirects every GET whose host name is not custom.baseUrl's; req.hostname has no port.
        "--Simulator:App:Environment:sails_custom__baseUrl=https://localhost",
        // Its production config reads its host's own names; the topology fills them in at start.
        "--Simulator:App:Environment:DATABASE_URL={database.url}",
        "--Simulator:App:Environment:REDIS_URL={redis.url}",
    ];
}

/// <summary>An app with its own Dockerfile that declares none of the topology's adapters (see <see cref="FreshSailsApp.CreateWithOwnDockerfileAsync"/>).</summary>
public sealed class OwnDockerfileTopologyFixture : GeneratedAppTopologyFixture
{
    protected override Task<FreshSailsApp> CreateAppAsync() =>
        FreshSailsApp.CreateWithOwnDockerfileAsync(generateWithin: TimeSpan.FromMinutes(2), installWithin: TimeSpan.FromMinutes(5));

    protected override IEnumerable<string> AppSettings => [];
}

// Not in parallel with other collections: two topologies at once overload a 2-core machine.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FreshAppCollection : ICollectionFixture<FreshAppTopologyFixture>
{
    public const string Name = "fresh sails app";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnDockerfileAppCollection : ICollectionFixture<OwnDockerfileTopologyFixture>
{
    public const string Name = "sails app with its own Dockerfile";
}
