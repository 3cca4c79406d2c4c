namespace Simulator.AppHost;

/// <summary>
/// Stops and starts the app's containers (replicas, the migration job) through Aspire's own Stop and
/// Start commands (the dashboard's), and waits for the outcome. Measured in Aspire 13.6's DcpExecutor:
/// Start deletes the container and creates a new one from the resource's model (its environment is
/// evaluated again, its image reference is looked up again), so a replica started again runs a new
/// process, and a new version when its image tag points at one.
/// </summary>
public sealed class ContainerLifecycle(ResourceNotificationService notifications, ResourceCommandService commands)
{
    private const int LogLinesOnFailure = 15;

    public string? ContainerId(string replica) =>
        notifications.TryGetCurrentState(replica, out var current) ? current.Snapshot.ContainerId() : null;

    public bool IsRunning(string replica) =>
        notifications.TryGetCurrentState(replica, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running;

    public bool IsServing(string replica) =>
        notifications.TryGetCurrentState(replica, out var current) && ProxyUpstream.IsServing(current.Snapshot);

    public async Task StopAsync(string replica, CancellationToken cancellationToken)
    {
        var result = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StopCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{replica} could not be stopped: {result.Message}");
        }

        await notifications.WaitForResourceAsync(replica, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
    }

    /// <summary>Runs a one-shot job again (the migration) and waits until it exits; its exit code and last log lines.</summary>
    public async Task<(int? ExitCode, string LastLines)> RunToCompletionAsync(string job, CancellationToken cancellationToken)
    {
        var before = ContainerId(job);
        var result = await commands.ExecuteCommandAsync(job, KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            return (null, $"{job} could not be started: {result.Message}");
        }

        var outcome = await notifications.WaitForResourceAsync(job, e =>
            e.Snapshot.ContainerId() is { } id && id != before && KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)
            || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, cancellationToken);
        return (outcome.Snapshot.ExitCode, await LastLogLinesAsync(outcome.Snapshot.ContainerId()));
    }

    /// <summary>
    /// Starts the replica and waits until its new container is Running and Healthy. Fails with the
    /// new container's last log lines when it exits or does not turn Healthy within the bound.
    /// </summary>
    public async Task StartAsync(string replica, TimeSpan healthyWithin, CancellationToken cancellationToken)
    {
        var before = ContainerId(replica);
        var result = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            throw new ReplicaStartException($"{replica} could not be started: {result.Message}");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(healthyWithin);
        ResourceEvent outcome;
        try
        {
            outcome = await notifications.WaitForResourceAsync(replica, e =>
                e.Snapshot.ContainerId() is { } id && id != before
                    && (ProxyUpstream.IsServing(e.Snapshot) || KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text))
                || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ReplicaStartException($"{replica} did not become Healthy within {healthyWithin.TotalSeconds:0} s; its last log lines:\n{await LastLogLinesAsync(ContainerId(replica))}");
        }

        if (!ProxyUpstream.IsServing(outcome.Snapshot))
        {
            throw new ReplicaStartException($"{replica} {outcome.Snapshot.State?.Text} (exit code {outcome.Snapshot.ExitCode?.ToString() ?? "none"}) instead of becoming Healthy; its last log lines:\n{await LastLogLinesAsync(outcome.Snapshot.ContainerId())}");
        }
    }

    private static async Task<string> LastLogLinesAsync(string? container)
    {
        if (container is null)
        {
            return "(no container was created)";
        }

        var logs = await DockerCli.RunAsync(["logs", "--tail", LogLinesOnFailure.ToString(), container], CancellationToken.None);
        var lines = string.Join('\n', new[] { logs.Output.Trim(), logs.Error }.Where(text => text.Length > 0));
        return lines.Length > 0 ? lines : "(the container wrote nothing)";
    }
}

/// <summary>A replica that did not come up: the message carries the reason and its last log lines.</summary>
public sealed class ReplicaStartException(string message) : Exception(message);
