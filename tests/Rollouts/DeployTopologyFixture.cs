using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Simulator.SampleAppClient;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Rollouts;

/// <summary>
/// The sample app copied into a temporary folder (tests change it there, never the repository's
/// copy) and run by the simulator in a topology of its own, to be deployed again and again.
/// </summary>
public class DeployTopologyFixture : IAsyncLifetime
{
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(8);

    public virtual int Replicas => 2;

    public string[] ReplicaNames => Enumerable.Range(1, Replicas).Select(i => $"sails-{i}").ToArray();

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

    /// <summary>The version each replica reports on its own endpoint's /healthz.</summary>
    public async Task<Dictionary<string, string>> VersionsAsync()
    {
        var versions = new Dictionary<string, string>();
        foreach (var replica in ReplicaNames)
        {
            using var direct = new HttpClient { BaseAddress = Simulator.GetEndpoint(replica, "http"), Timeout = Bounded.HangLimit };
            var health = await direct.GetFromJsonAsync<JsonElement>("/healthz");
            versions[replica] = health.GetProperty("version").GetString()!;
        }

        return versions;
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

/// <summary>The same with one replica: a deploy starts a second one first.</summary>
public sealed class SingleReplicaDeployTopologyFixture : DeployTopologyFixture
{
    public override int Replicas => 1;
}

[CollectionDefinition(Name)]
public sealed class DeployTopologyCollection : ICollectionFixture<DeployTopologyFixture>, ICollectionFixture<SingleReplicaDeployTopologyFixture>
{
    public const string Name = "deploy topology";
}
