namespace Simulator.AppHost;

/// <summary>
/// Creates the topology's data volumes before Aspire's orchestrator (DCP) looks for them. On an engine
/// in swarm mode, `docker volume inspect` answers a missing volume with "volume NAME not found"
/// instead of "no such volume"; DCP 13.6 does not read that as missing, never creates the volume and
/// the start fails after a minute ("container volumes did not become ready"). `docker volume create`
/// leaves an existing volume and its data as they are.
/// </summary>
public static class DataVolumesCreatedUpfront
{
    public static IDistributedApplicationBuilder CreateDataVolumesUpfront(this IDistributedApplicationBuilder builder)
    {
        // Subscribed after the in-use guard, so a refused start creates nothing.
        builder.Eventing.Subscribe<BeforeStartEvent>(async (e, cancellationToken) =>
        {
            foreach (var volume in DataVolumes.MountedBy(e.Model))
            {
                var created = await DockerCli.RunAsync(["volume", "create", volume], cancellationToken);
                if (!created.Succeeded)
                {
                    throw new SimulatorOptionsException([$"The data volume {volume} could not be created: {created.Error}"]);
                }
            }
        });
        return builder;
    }
}
