using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>
/// Keeps the running proxy's upstream equal to the serving replicas. Open-source nginx 1.26
/// resolves upstream names only at (re)load and refuses to load a name that does not resolve,
/// so a replica that stops leaves the list before its name disappears, and one that turns
/// Healthy again (at any address) joins it with a reload. Changes are applied one at a time
/// and logged in the proxy's resource log; a failed apply is retried.
/// </summary>
public sealed class ProxyUpstreamRefresher(
    ProxyUpstream upstream,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    ILogger<ProxyUpstreamRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private const string UpstreamPath = $"{NginxConfiguration.UpstreamFolder}/{NginxConfiguration.UpstreamFileName}";

    // Reads the new list from stdin, checks the whole configuration with it, then reloads;
    // a list nginx refuses is put back, so a later (re)start of the proxy never meets it. Prints the
    // workers running before the reload: until they exit, they may still send requests to a replica
    // the new list leaves out.
    private const string ApplyScript = $"""
        set -e
        cat > {UpstreamPath}.next
        cp {UpstreamPath} {UpstreamPath}.last
        mv {UpstreamPath}.next {UpstreamPath}
        if ! nginx -t -q; then mv {UpstreamPath}.last {UpstreamPath}; exit 1; fi
        grep -a -l '^nginx: worker' /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 || true
        nginx -s reload
        """;

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private bool _proxyStartedBefore;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        upstream.RotationChanged += () => _changes.Writer.TryWrite(true);
        var watching = WatchAsync(stoppingToken);
        try
        {
            while (true)
            {
                await _changes.Reader.ReadAsync(stoppingToken);
                while (!await TryApplyAsync(stoppingToken))
                {
                    await Task.Delay(RetryAfter, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await watching;
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                var name = update.Resource.Name;
                if (name == upstream.ProxyName)
                {
                    await LetTheProxyRestartWithoutReplicasAsync(update);
                }
                else if (!upstream.ReplicaNames.Contains(name))
                {
                    continue;
                }

                _changes.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The proxy's first start waits until every replica is Healthy (its WaitFor edges), but
    /// Aspire applies them again at each Start: a proxy restarted while a replica is stopped
    /// would never start. From then on it needs no replica, so it is moved out of Waiting, as
    /// Aspire's own Start command does; it starts with the replicas that serve at that moment.
    /// </summary>
    private async Task LetTheProxyRestartWithoutReplicasAsync(ResourceEvent proxy)
    {
        var state = proxy.Snapshot.State?.Text;
        if (state == KnownResourceStates.Running)
        {
            _proxyStartedBefore = true;
        }
        else if (state == KnownResourceStates.Waiting && _proxyStartedBefore)
        {
            resourceLogs.GetLogger(proxy.Resource).LogInformation(
                "simulator: the proxy starts without waiting for its replicas; its upstream lists those serving now");
            await notifications.PublishUpdateAsync(proxy.Resource, s => s with { State = KnownResourceStates.Starting });
        }
    }

    /// <summary>Pushes the serving replicas into the running proxy if they differ from what it has; false to retry.</summary>
    private async Task<bool> TryApplyAsync(CancellationToken cancellationToken)
    {
        if (!notifications.TryGetCurrentState(upstream.ProxyName, out var proxy)
            || proxy.Snapshot.State?.Text != KnownResourceStates.Running
            || proxy.Snapshot.ContainerId() is not { } container)
        {
            // Not running: a proxy container that starts later is created with the current list.
            upstream.ReportApplied(new AppliedUpstream(null, [], []));
            return true;
        }

        // A new proxy container was created with the list rendered at its start.
        var applied = upstream.Applied is { } last && last.Container == container
            ? last
            : new AppliedUpstream(container, upstream.RenderedAtStart, []);
        var serving = upstream.ServingReplicas();
        if (serving.SequenceEqual(applied.Replicas))
        {
            upstream.ReportApplied(applied);
            return true;
        }

        // By the resource, not its name: the log the dashboard shows is its container's.
        var log = resourceLogs.GetLogger(proxy.Resource);
        var change = Describe(applied.Replicas, serving);
        var (exitCode, output, error) = await DockerCli.RunAsync(["exec", "-i", container, "sh", "-c", ApplyScript], cancellationToken, upstream.Render(serving));
        if (exitCode != 0)
        {
            log.LogWarning("simulator: upstream not changed ({Change}): {Error}; trying again", change, error);
            logger.LogWarning("The proxy's upstream was not changed ({Change}): {Error}; trying again", change, error);
            return false;
        }

        upstream.ReportApplied(new AppliedUpstream(container, serving, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()));
        log.LogInformation("simulator: {Change}; nginx reloaded, upstream: {Serving}", change,
            serving.Count == 0 ? "none (503 until a replica is serving)" : string.Join(", ", serving));
        return true;
    }

    private static string Describe(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var joined = after.Except(before).Select(r => $"{r} joined");
        var left = before.Except(after).Select(r => $"{r} left");
        return string.Join(", ", joined.Concat(left));
    }
}
