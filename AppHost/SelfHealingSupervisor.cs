using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>
/// Restarts self-healing containers that die. Measured on Aspire 13.6.5: the dashboard's Stop (and
/// Restart) takes a container from Running through Stopping to Exited, while a container that dies
/// (docker kill, a crash, the OOM killer) goes from Running to Exited directly. So Running → Exited
/// without Stopping is a death: the container is started again through Aspire's own Start command,
/// after a back-off. Nothing is restarted while the AppHost shuts down, nor while a rollout holds
/// the replica out of the proxy's rotation (it stops and starts the replica itself).
/// </summary>
public sealed class SelfHealingSupervisor(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    ProxyUpstream upstream,
    IHostApplicationLifetime lifetime,
    ILogger<SelfHealingSupervisor> logger) : BackgroundService
{
    public const string LeftStoppedMessage = "was stopped by the operator; it stays stopped until Start";

    private sealed class Watched(IResource resource)
    {
        public readonly IResource Resource = resource;
        public string? State;
        public bool Stopping;
        public DateTime? HealthySince;
        public readonly RestartBackoff Backoff = new();
    }

    private readonly Dictionary<string, Watched> _watched = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var resource in model.Resources.Where(r => r.Annotations.OfType<SelfHealingAnnotation>().Any()))
        {
            _watched[resource.Name] = new Watched(resource);
        }

        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (_watched.TryGetValue(update.Resource.Name, out var watched))
                {
                    Observe(update.Resource.Name, watched, update.Snapshot, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(string name, Watched watched, CustomResourceSnapshot snapshot, CancellationToken stoppingToken)
    {
        var state = snapshot.State?.Text;
        var healthy = state == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;
        // How long it had been Healthy without a break, read before this update ends the streak.
        var healthyFor = DateTime.UtcNow - (watched.HealthySince ?? DateTime.UtcNow);
        watched.HealthySince = healthy ? watched.HealthySince ?? DateTime.UtcNow : null;
        if (state == watched.State)
        {
            return;
        }

        var previous = watched.State;
        watched.State = state;
        if (state == KnownResourceStates.Stopping)
        {
            watched.Stopping = true;
            return;
        }

        if (previous != KnownResourceStates.Running && previous != KnownResourceStates.Stopping
            || !KnownResourceStates.TerminalStates.Contains(state))
        {
            watched.Stopping &= state != KnownResourceStates.Starting && state != KnownResourceStates.Running;
            return;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        if (upstream.IsHeldOut(name))
        {
            // A rollout replaces it and decides what happens next (a rollback for a new version that dies).
            watched.Stopping = false;
            return;
        }

        if (watched.Stopping)
        {
            watched.Stopping = false;
            resourceLogs.GetLogger(watched.Resource).LogInformation("simulator: {Replica} {LeftStopped}", name, LeftStoppedMessage);
            return;
        }

        _ = RestartAsync(watched.Resource, watched.Backoff, healthyFor, $"exited with code {snapshot.ExitCode?.ToString() ?? "unknown"} ({Meaning(snapshot.ExitCode)})", stoppingToken);
    }

    /// <summary>Starts the container again after its back-off; a Start that fails is tried again after the next one.</summary>
    private async Task RestartAsync(IResource resource, RestartBackoff backoff, TimeSpan healthyFor, string why, CancellationToken stoppingToken)
    {
        var name = resource.Name;
        // By the resource, not its name: the log the dashboard shows is its container's.
        var log = resourceLogs.GetLogger(resource);
        try
        {
            while (true)
            {
                var (attempt, delay) = backoff.Next(healthyFor);
                healthyFor = TimeSpan.Zero;
                log.LogWarning("simulator: {Replica} {Why}; restarting in {Delay:0} s (attempt {Attempt})", name, why, delay.TotalSeconds, attempt);
                logger.LogWarning("{Replica} {Why}; restarting in {Delay:0} s (attempt {Attempt})", name, why, delay.TotalSeconds, attempt);
                await Task.Delay(delay, stoppingToken);
                if (lifetime.ApplicationStopping.IsCancellationRequested
                    || !notifications.TryGetCurrentState(name, out var current)
                    || !KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text))
                {
                    // Shutting down, or someone started it meanwhile.
                    return;
                }

                var result = await commands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, stoppingToken);
                if (result.Success)
                {
                    log.LogInformation("simulator: {Replica} started again (attempt {Attempt})", name, attempt);
                    return;
                }

                why = $"could not be started again ({result.Message})";
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static string Meaning(int? exitCode) => exitCode switch
    {
        0 => "its process ended",
        137 => "killed: SIGKILL, e.g. docker kill or out of memory",
        143 => "terminated: SIGTERM",
        > 128 => $"killed by signal {exitCode - 128}",
        null => "exit code not reported",
        _ => "crashed",
    };
}
