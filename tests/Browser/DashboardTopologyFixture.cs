using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Simulator.Tests.Browser;

/// <summary>
/// A topology of its own with the Aspire dashboard on (Aspire.Hosting.Testing's EnableDashboard:
/// loopback ports and a browser token of its own): 2 replicas, its own proxy port and volumes.
/// In the apps tier, after the shared topology's tier, and alone in it (see <see cref="DashboardCollection"/>).
/// </summary>
public sealed class DashboardTopologyFixture : IAsyncLifetime
{
    public const int Replicas = 2;
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(8);
    public static readonly string[] ReplicaNames = Enumerable.Range(1, Replicas).Select(i => $"sails-{i}").ToArray();

    /// <summary>The long-running resources, which the dashboard must show Running and Healthy.</summary>
    public static readonly string[] ServiceNames = ["postgres", "redis", "storage", .. ReplicaNames, "proxy"];

    private SimulatorRun _run = null!;

    public DistributedApplication App => _run.App;

    /// <summary>The dashboard's login URL with its browser token (a credential: never logged).</summary>
    public Uri LoginUrl { get; private set; } = null!;

    /// <summary>The dashboard's own origin (loopback), without the token.</summary>
    public Uri Origin => new(LoginUrl.GetLeftPart(UriPartial.Authority));

    public async Task InitializeAsync()
    {
        _run = await SimulatorRun.StartAsync([$"--Simulator:Replicas={Replicas}"], HealthyWithin, dashboard: true);
        await Bounded.WithinAsync(HealthyWithin, "every resource becoming Healthy", token =>
            Task.WhenAll(ServiceNames.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, token))));
        LoginUrl = await Bounded.WithinAsync(Bounded.HangLimit, "the dashboard's login URL", token => App.GetDashboardUrlAsync(token));
    }

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }
}

/// <summary>Runs alone, so its topology never starts beside the apps tier's other one.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardCollection : ICollectionFixture<DashboardTopologyFixture>
{
    public const string Name = "dashboard topology";
}
