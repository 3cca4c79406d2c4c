using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>A rollout the simulator refused before changing anything (bad input, or another one runs).</summary>
public sealed class RolloutRefusedException(string message) : Exception(message);

/// <summary>
/// The operator's rollouts, one at a time: a zero-downtime reload (every replica restarted), a
/// rolling deploy of a new version (migration first, then one replica at a time, rolled back when
/// a new replica does not become Healthy), and scaling between 1 and Max. Each replica is replaced
/// the same way: out of the proxy's rotation and drained, stopped, started, Healthy, back in.
/// Progress goes to the rollouts' resource in the dashboard (<see cref="RolloutProgress"/>), to the
/// replica's log and to the AppHost's console.
/// </summary>
public sealed class Rollouts(
    SailsAppContainers slots,
    AppImages images,
    ReplicaRotation rotation,
    ContainerLifecycle containers,
    RolloutProgress progress,
    DistributedApplicationModel model,
    ResourceLoggerService resourceLogs,
    ILogger<Rollouts> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private string? _running;

    /// <summary>Restarts every replica in service one at a time, with the same drain (pm2 reload, for this topology).</summary>
    public Task<RolloutReport> ReloadAsync(TimeSpan healthyWithin, CancellationToken cancellationToken) =>
        ExclusiveAsync("reload", async () =>
        {
            var replicas = ReplicasInService();
            var report = new RolloutReport($"Reloaded {replicas.Count} replica(s)");
            await WithSurgeForOneAsync(replicas, healthyWithin, report, null, async () =>
            {
                foreach (var (replica, index) in replicas.Select((r, i) => (r, i)))
                {
                    try
                    {
                        await report.TimeAsync(replica, () => ReplaceAsync(replica, $"reload {index + 1}/{replicas.Count}", null, healthyWithin, cancellationToken));
                    }
                    catch (ReplicaStartException)
                    {
                        // Self-healing and the proxy take it over again.
                        rotation.Release(replica);
                        throw;
                    }
                }
            }, cancellationToken);
            return report;
        });

    /// <summary>
    /// Builds the app's folder as it is now and rolls it out: the migration of the new version first,
    /// then each replica in turn. A replica that does not become Healthy within the bound rolls every
    /// replaced one back to the old version, and the deploy fails with that replica's last log lines.
    /// </summary>
    public Task<RolloutReport> DeployAsync(TimeSpan healthyWithin, CancellationToken cancellationToken) =>
        ExclusiveAsync("deploy", async () =>
        {
            var replicas = ReplicasInService();
            var old = await images.VersionOfAsync(replicas[0], cancellationToken);
            await ProgressAsync(null, $"deploy: building {images.Source}");
            var version = await images.BuildAsync(cancellationToken);
            var report = new RolloutReport($"Deployed version {version} (was {old}) to {replicas.Count} replica(s)");
            await ProgressAsync(null, $"deploy: version {version} built (replicas run {old}); migrating");
            await MigrateAsync(slots.Migration, version, old, cancellationToken);

            var replaced = new List<string>();
            try
            {
                await WithSurgeForOneAsync(replicas, healthyWithin, report, version, async () =>
                {
                    foreach (var (replica, index) in replicas.Select((r, i) => (r, i)))
                    {
                        replaced.Add(replica);
                        await report.TimeAsync(replica, () => ReplaceAsync(replica, $"deploy {version} {index + 1}/{replicas.Count}",
                            token => images.PointAsync(replica, version, token), healthyWithin, cancellationToken));
                    }
                }, cancellationToken);
            }
            catch (ReplicaStartException failed)
            {
                await RollBackAsync(replaced, old, healthyWithin, cancellationToken);
                throw new InvalidOperationException(
                    $"Deploy of version {version} rolled back; every replica runs {old} again (the migration stays applied). {failed.Message}");
            }

            // Replicas a later scale-up starts run the deployed version too.
            foreach (var spare in slots.All.Except(replicas))
            {
                await images.PointAsync(spare, version, cancellationToken);
            }

            return report;
        });

    /// <summary>
    /// Scales to <paramref name="count"/> replicas: new ones join the proxy once Healthy, removed
    /// ones (the highest numbers) leave its rotation and drain before they stop.
    /// </summary>
    public Task<RolloutReport> ScaleAsync(int count, TimeSpan healthyWithin, CancellationToken cancellationToken)
    {
        if (count < 1 || count > slots.All.Count)
        {
            throw new RolloutRefusedException($"Cannot scale to {count}: choose between 1 and {slots.All.Count} (Simulator:Replicas:Max).");
        }

        return ExclusiveAsync("scale", async () =>
        {
            var current = ReplicasInService();
            var report = new RolloutReport($"Scaled from {current.Count} to {count} replica(s)");
            var version = await images.VersionOfAsync(current[0], cancellationToken);
            foreach (var added in slots.All.Take(count).Skip(current.Count))
            {
                await report.TimeAsync(added, async () =>
                {
                    await images.PointAsync(added, version, cancellationToken);
                    await ProgressAsync(added, $"scale to {count}: starting {added}");
                    await containers.StartAsync(added, healthyWithin, cancellationToken);
                    await rotation.PutBackAsync(added, ReplicaRotation.DrainLimit, cancellationToken);
                });
            }

            foreach (var removed in current.Skip(count).Reverse())
            {
                await report.TimeAsync(removed, () => RemoveAsync(removed, $"scale to {count}", cancellationToken));
            }

            slots.InService = count;
            return report;
        });
    }

    /// <summary>One replica more or fewer than serve now (Add a replica, Remove a replica).</summary>
    public Task<RolloutReport> ScaleByAsync(int change, TimeSpan healthyWithin, CancellationToken cancellationToken) =>
        ScaleAsync(ReplicasInService().Count + change, healthyWithin, cancellationToken);

    /// <summary>Out of rotation, drained, stopped; replace = stop, then start again (after <paramref name="prepare"/>), Healthy, back in.</summary>
    private async Task ReplaceAsync(string replica, string step, Func<CancellationToken, Task>? prepare, TimeSpan healthyWithin, CancellationToken cancellationToken)
    {
        await TakeOutAndStopAsync(replica, step, cancellationToken);
        if (prepare is not null)
        {
            await prepare(cancellationToken);
        }

        await ProgressAsync(replica, $"{step}: starting {replica}, waiting until it is Healthy (at most {healthyWithin.TotalSeconds:0} s)");
        await containers.StartAsync(replica, healthyWithin, cancellationToken);
        await ProgressAsync(replica, $"{step}: {replica} Healthy; back in the proxy's rotation");
        await rotation.PutBackAsync(replica, ReplicaRotation.DrainLimit, cancellationToken);
    }

    private async Task StopIfRunningAsync(string replica, CancellationToken cancellationToken)
    {
        if (containers.IsRunning(replica))
        {
            await containers.StopAsync(replica, cancellationToken);
        }
    }

    private async Task RemoveAsync(string replica, string step, CancellationToken cancellationToken)
    {
        await TakeOutAndStopAsync(replica, step, cancellationToken);
        rotation.Release(replica);
    }

    private async Task TakeOutAndStopAsync(string replica, string step, CancellationToken cancellationToken)
    {
        await ProgressAsync(replica, $"{step}: {replica} leaves the proxy's rotation; waiting for nginx to finish its requests");
        await rotation.TakeOutAsync(replica, cancellationToken);
        await ProgressAsync(replica, $"{step}: stopping {replica} (the app drains its in-flight requests and sockets)");
        await containers.StopAsync(replica, cancellationToken);
    }

    /// <summary>
    /// With a single replica a stop would leave none serving: a spare slot is started first (on the
    /// version being rolled out), serves while the replica is replaced, then leaves again.
    /// </summary>
    private async Task WithSurgeForOneAsync(IReadOnlyList<string> replicas, TimeSpan healthyWithin, RolloutReport report, string? version, Func<Task> rollout, CancellationToken cancellationToken)
    {
        if (replicas.Count > 1)
        {
            await rollout();
            return;
        }

        var surge = slots.All[1];
        await report.TimeAsync(surge, async () =>
        {
            // Held out until Healthy: a version that cannot lift is not restarted by self-healing.
            rotation.HoldOut(surge);
            await images.PointAsync(surge, version ?? await images.VersionOfAsync(replicas[0], cancellationToken), cancellationToken);
            await ProgressAsync(surge, $"one replica: starting {surge} first so that one always serves");
            try
            {
                await containers.StartAsync(surge, healthyWithin, cancellationToken);
                await rotation.PutBackAsync(surge, ReplicaRotation.DrainLimit, cancellationToken);
            }
            catch (ReplicaStartException)
            {
                await StopIfRunningAsync(surge, cancellationToken);
                rotation.Release(surge);
                throw;
            }
        });

        try
        {
            await rollout();
        }
        finally
        {
            await RemoveAsync(surge, "one replica", cancellationToken);
        }
    }

    private async Task MigrateAsync(string migration, string version, string old, CancellationToken cancellationToken)
    {
        await images.PointAsync(migration, version, cancellationToken);
        var (exitCode, lastLines) = await containers.RunToCompletionAsync(migration, cancellationToken);
        if (exitCode == 0)
        {
            return;
        }

        // Replicas wait for the migration's exit code 0 at every start: the old version's (already applied) puts it back.
        await ProgressAsync(null, $"deploy: the migration of {version} failed (exit code {exitCode}); running {old}'s again so that replicas can start");
        await images.PointAsync(migration, old, cancellationToken);
        await containers.RunToCompletionAsync(migration, cancellationToken);
        throw new InvalidOperationException(
            $"Deploy of version {version} stopped: its migration failed (exit code {exitCode?.ToString() ?? "none"}); no replica was replaced. Its last log lines:\n{lastLines}");
    }

    private async Task RollBackAsync(IReadOnlyList<string> replaced, string old, TimeSpan healthyWithin, CancellationToken cancellationToken)
    {
        foreach (var replica in replaced.AsEnumerable().Reverse())
        {
            if (!rotation.IsHeldOut(replica))
            {
                await ReplaceAsync(replica, $"rollback to {old}", token => images.PointAsync(replica, old, token), healthyWithin, cancellationToken);
                continue;
            }

            // The replica that failed: already out of rotation, maybe still running but not Healthy.
            await StopIfRunningAsync(replica, cancellationToken);
            await images.PointAsync(replica, old, cancellationToken);
            await ProgressAsync(replica, $"rollback to {old}: starting {replica}");
            await containers.StartAsync(replica, healthyWithin, cancellationToken);
            await rotation.PutBackAsync(replica, ReplicaRotation.DrainLimit, cancellationToken);
        }
    }

    /// <summary>The replicas in service, each of which must be running: a deploy or reload never starts one the operator stopped.</summary>
    private IReadOnlyList<string> ReplicasInService()
    {
        var replicas = slots.All.Take(slots.InService).ToList();
        if (replicas.FirstOrDefault(r => !containers.IsRunning(r)) is { } stopped)
        {
            throw new RolloutRefusedException($"{stopped} is not running (stopped by the operator?); start it, or scale down, first. Nothing was changed.");
        }

        if (replicas.Count == 1 && slots.All.Count == 1)
        {
            throw new RolloutRefusedException("With one replica, a rollout starts a second one first: set Simulator:Replicas:Max to 2 or more. Nothing was changed.");
        }

        return replicas;
    }

    private async Task<RolloutReport> ExclusiveAsync(string what, Func<Task<RolloutReport>> rollout)
    {
        if (!await _oneAtATime.WaitAsync(TimeSpan.Zero))
        {
            throw new RolloutRefusedException($"A {_running} is running; wait until it ends before a {what}. Nothing was changed.");
        }

        _running = what;
        try
        {
            var report = await rollout();
            logger.LogInformation("{Report}", report);
            await progress.SucceededAsync(report.ToString());
            return report;
        }
        catch (Exception e) when (e is not (RolloutRefusedException or OperationCanceledException))
        {
            await progress.FailedAsync(e.Message);
            throw;
        }
        finally
        {
            _running = null;
            _oneAtATime.Release();
        }
    }

    private async Task ProgressAsync(string? replica, string message)
    {
        logger.LogInformation("{Progress}", message);
        if (replica is not null && model.Resources.FirstOrDefault(r => r.Name == replica) is { } resource)
        {
            resourceLogs.GetLogger(resource).LogInformation("simulator: {Progress}", message);
        }

        await progress.StepAsync(message);
    }
}

/// <summary>The app's container resources: the migration job, the replicas declared at start (sails-1 … sails-Max) and how many of them are in service.</summary>
public sealed class SailsAppContainers(string migration, IReadOnlyList<string> all, int inService)
{
    public string Migration => migration;

    public IReadOnlyList<string> All => all;

    public int InService { get; set; } = inService;
}
