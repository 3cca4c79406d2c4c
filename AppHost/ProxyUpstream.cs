using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Simulator.AppHost;

/// <summary>
/// The proxy's upstream: exactly the replicas that are serving, read from their current
/// snapshots. Rendered into the proxy at each start of its container and pushed into the
/// running proxy by <see cref="ProxyUpstreamRefresher"/> whenever the set changes.
/// </summary>
public sealed class ProxyUpstream(string proxyName, IReadOnlyList<string> replicaNames, int appPort, ResourceNotificationService notifications)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _renderedAtStart = [];

    public string ProxyName => proxyName;

    public IReadOnlyList<string> ReplicaNames => replicaNames;

    /// <summary>Serving: the container runs and its health check passes. Anything else is left out.</summary>
    public static bool IsServing(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;

    public IReadOnlyList<string> ServingReplicas() =>
        replicaNames.Where(name => notifications.TryGetCurrentState(name, out var current) && IsServing(current.Snapshot)).ToList();

    public string Render(IEnumerable<string> serving) => NginxConfiguration.RenderUpstream(serving, appPort);

    /// <summary>The file a new proxy container starts with: the replicas serving at that moment.</summary>
    public ContainerFile FileForNewContainer()
    {
        var serving = ServingReplicas();
        lock (_gate)
        {
            _renderedAtStart = serving;
        }

        return new ContainerFile { Name = NginxConfiguration.UpstreamFileName, Contents = Render(serving) };
    }

    /// <summary>What the latest proxy container was created with, until the refresher pushes a newer list into it.</summary>
    public IReadOnlyList<string> RenderedAtStart
    {
        get
        {
            lock (_gate)
            {
                return _renderedAtStart;
            }
        }
    }
}
