using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Simulator.AppHost;

/// <summary>The upstream a proxy container runs with: its container, the replicas listed, and the nginx workers
/// that were running before that list was loaded (they may still send requests to replicas left out).</summary>
public sealed record AppliedUpstream(string? Container, IReadOnlyList<string> Replicas, IReadOnlyList<int> WorkersBefore);

/// <summary>
/// The proxy's upstream: exactly the replicas that are serving, read from their current
/// snapshots, less those held out of rotation (a replica being drained for a restart). Rendered
/// into the proxy at each start of its container and pushed into the running proxy by
/// <see cref="ProxyUpstreamRefresher"/> whenever the set changes.
/// </summary>
public sealed class ProxyUpstream(string proxyName, IReadOnlyList<string> replicaNames, int appPort, ResourceNotificationService notifications)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _renderedAtStart = [];
    private readonly HashSet<string> _heldOut = [];
    private AppliedUpstream _applied = new(null, [], []);
    private TaskCompletionSource _appliedChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ProxyName => proxyName;

    public IReadOnlyList<string> ReplicaNames => replicaNames;

    /// <summary>Raised when the operator's rotation changes (a replica held out or put back), for the refresher.</summary>
    public event Action? RotationChanged;

    /// <summary>Serving: the container runs and its health check passes. Anything else is left out.</summary>
    public static bool IsServing(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;

    /// <summary>
    /// The replicas to list: those serving. When none is (one replica left, its health check too
    /// slow on a busy machine), the running ones: a 503 is certain, a slow replica is not; cloud
    /// load balancers fail open the same way.
    /// </summary>
    public IReadOnlyList<string> ServingReplicas()
    {
        lock (_gate)
        {
            var inRotation = replicaNames
                .Where(name => !_heldOut.Contains(name))
                .Select(name => (Name: name, Snapshot: notifications.TryGetCurrentState(name, out var current) ? current.Snapshot : null))
                .ToList();
            var serving = inRotation.Where(r => r.Snapshot is { } snapshot && IsServing(snapshot)).Select(r => r.Name).ToList();
            return serving.Count > 0
                ? serving
                : inRotation.Where(r => r.Snapshot?.State?.Text == KnownResourceStates.Running).Select(r => r.Name).ToList();
        }
    }

    /// <summary>Takes a replica out of rotation, whatever its health, until <see cref="PutBack"/>.</summary>
    public void HoldOut(string replica)
    {
        lock (_gate)
        {
            _heldOut.Add(replica);
        }

        RotationChanged?.Invoke();
    }

    public bool IsHeldOut(string replica)
    {
        lock (_gate)
        {
            return _heldOut.Contains(replica);
        }
    }

    public void PutBack(string replica)
    {
        lock (_gate)
        {
            _heldOut.Remove(replica);
        }

        RotationChanged?.Invoke();
    }

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

    /// <summary>What the running proxy was last given (no container when none runs).</summary>
    public AppliedUpstream Applied
    {
        get
        {
            lock (_gate)
            {
                return _applied;
            }
        }
    }

    /// <summary>Called by the refresher once nginx runs with a list (or no proxy runs: no container, nothing listed).</summary>
    public void ReportApplied(AppliedUpstream applied)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            (_applied, changed) = (applied, _appliedChanged);
            _appliedChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    /// <summary>Completes with the first applied upstream (the current one, or a later one) that satisfies the condition.</summary>
    public async Task<AppliedUpstream> WaitUntilAppliedAsync(Func<AppliedUpstream, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            AppliedUpstream applied;
            Task changed;
            lock (_gate)
            {
                (applied, changed) = (_applied, _appliedChanged.Task);
            }

            if (condition(applied))
            {
                return applied;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
