namespace Simulator.AppHost;

/// <summary>
/// Takes a replica out of the proxy's rotation so that it can be stopped without a failed request,
/// and puts it back. nginx does not retry a POST on another server, so before the replica gets
/// SIGTERM no nginx worker may still send it a request: the upstream without it is loaded, then the
/// workers that ran before that reload are awaited until they exit (they finish their requests; open
/// WebSockets keep them at most worker_shutdown_timeout).
/// </summary>
public sealed class ReplicaRotation(ProxyUpstream upstream)
{
    /// <summary>Old workers end by worker_shutdown_timeout; the margin covers a slow reload on a busy machine.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(NginxConfiguration.WorkerShutdownSeconds + 30);

    // Waits until each listed process has exited; ends at once for those already gone.
    private const string AwaitExitScript = """for p in "$@"; do while [ -e /proc/$p ]; do sleep 0.2; done; done""";

    public async Task TakeOutAsync(string replica, CancellationToken cancellationToken)
    {
        upstream.HoldOut(replica);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(DrainLimit);
        try
        {
            var applied = await upstream.WaitUntilAppliedAsync(a => !a.Replicas.Contains(replica), limit.Token);
            if (applied is { Container: { } container, WorkersBefore.Count: > 0 })
            {
                var waited = await DockerCli.RunAsync(["exec", container, "sh", "-c", AwaitExitScript, "sh", .. applied.WorkersBefore.Select(p => p.ToString())], limit.Token);
                if (!waited.Succeeded)
                {
                    throw new InvalidOperationException($"could not watch the proxy's nginx workers drain: {waited.Error}");
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the proxy did not finish with {replica} within {DrainLimit.TotalSeconds:0} s");
        }
    }

    /// <summary>Back in rotation; completes once the proxy lists it (the replica must be serving) or no proxy runs.</summary>
    public async Task PutBackAsync(string replica, TimeSpan within, CancellationToken cancellationToken)
    {
        upstream.PutBack(replica);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(within);
        try
        {
            await upstream.WaitUntilAppliedAsync(a => a.Container is null || a.Replicas.Contains(replica), limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the proxy did not list {replica} again within {within.TotalSeconds:0} s");
        }
    }

    /// <summary>Out of rotation without a drain: for a replica that is not serving yet.</summary>
    public void HoldOut(string replica) => upstream.HoldOut(replica);

    public bool IsHeldOut(string replica) => upstream.IsHeldOut(replica);

    /// <summary>No longer held out, without waiting to be listed: for a replica that stays stopped (scaled away).</summary>
    public void Release(string replica) => upstream.PutBack(replica);
}
