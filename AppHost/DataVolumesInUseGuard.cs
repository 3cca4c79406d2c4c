using Aspire.Hosting.Lifecycle;

namespace Simulator.AppHost;

/// <summary>
/// Refuses to start while running containers (another simulator's, on other ports) mount this run's
/// data volumes: two Postgres servers on one data folder corrupt it, two Redis overwrite each
/// other's dump. Checked on the final model just before anything starts, so volumes renamed
/// after the settings were read (the tests' per-run ones) are what is checked.
/// </summary>
public static class DataVolumesInUseGuard
{
    private static readonly TimeSpan EngineAnswersWithin = TimeSpan.FromSeconds(30);

    public static IDistributedApplicationBuilder RefuseDataVolumesInUse(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>(async (e, cancellationToken) =>
        {
            var volumes = DataVolumes.MountedBy(e.Model);
            if (volumes.Count > 0 && await RunningContainersMountingAsync(volumes, cancellationToken) is { Count: > 0 } users)
            {
                throw new SimulatorOptionsException([
                    $"The data volumes {string.Join(", ", volumes)} are in use by the running containers {string.Join(", ", users)}: another simulator runs on this machine; stop it, or give this one its own data with --Simulator:Instance=NAME."]);
            }
        });
        return builder;
    }

    /// <summary>Names of running containers that mount any of the volumes; none when the engine cannot be asked (DCP then reports the engine itself).</summary>
    private static async Task<IReadOnlyList<string>> RunningContainersMountingAsync(IReadOnlyList<string> volumes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(EngineAnswersWithin);
        try
        {
            // Filters of one key are OR-ed by the engine.
            var running = await DockerCli.RunAsync(
                ["ps", "--format", "{{.Names}}", .. volumes.SelectMany(volume => (string[])["--filter", $"volume={volume}"])], timeout.Token);
            return running.Succeeded
                ? running.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList()
                : [];
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }
}
