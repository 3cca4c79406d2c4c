using Aspire.Hosting;
using Simulator.SampleAppClient;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Rollouts;

/// <summary>
/// The sample app copied into a temporary folder (tests change it there, never the repository's
/// copy) and run by the simulator in a topology of its own, to be deployed again and again.
/// </summary>
public sealed class DeployTopologyFixture : IAsyncLifetime
{
    public const int Replicas = 2;
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(8);
    public static readonly string[] ReplicaNames = ["sails-1", "sails-2"];

    private SimulatorRun _run = null!;

    /// <summary>The app folder the simulator builds from: a copy, free to change.</summary>
    public DirectoryInfo App { get; } = Directory.CreateTempSubdirectory("sails-app-deploy-");

    public DistributedApplication Simulator => _run.App;

    public Uri Origin => _run.Origin;

    public string PublicOrigin => _run.Origin.GetLeftPart(UriPartial.Authority);

    public ProductCertificateAuthority Authority => _run.Authority;

    public async Task InitializeAsync()
    {
        Copy(new DirectoryInfo(RepositoryPaths.SampleApp), App);
        _run = await SimulatorRun.StartAsync([$"--Simulator:App:Path={App.FullName}", $"--Simulator:Replicas={Replicas}"], HealthyWithin);
        await Bounded.WithinAsync(HealthyWithin, "the replicas and the proxy becoming Healthy", token =>
            Task.WhenAll(((string[])[.. ReplicaNames, "proxy"]).Select(name => Simulator.ResourceNotifications.WaitForResourceHealthyAsync(name, token))));
    }

    public string PathInApp(string relative) => Path.Combine(App.FullName, relative);

    // The app's sources only: the image installs its own node_modules.
    private static void Copy(DirectoryInfo from, DirectoryInfo to)
    {
        foreach (var file in from.EnumerateFiles())
        {
            file.CopyTo(Path.Combine(to.FullName, file.Name));
        }

        foreach (var folder in from.EnumerateDirectories().Where(d => d.Name is not ("node_modules" or ".tmp")))
        {
            Copy(folder, to.CreateSubdirectory(folder.Name));
        }
    }

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }

        App.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DeployTopologyCollection : ICollectionFixture<DeployTopologyFixture>
{
    public const string Name = "deploy topology";
}
