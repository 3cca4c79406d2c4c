using System.Net;
using Aspire.Hosting;

namespace Simulator.Tests.Swarm;

/// <summary>
/// The simulator on an engine in swarm mode (as this tier leaves it while the stack runs): such an
/// engine answers a missing volume with "volume NAME not found", which Aspire's orchestrator does
/// not read as missing; the AppHost creates its data volumes itself, so the topology still starts.
/// </summary>
[Trait(Tier.Trait, Tier.Swarm)]
[Collection(SwarmCollection.Name)]
public sealed class SwarmModeEngineTests(SwarmStackFixture _)
{
    [Fact]
    public async Task The_simulator_starts_on_new_data_volumes_while_the_engine_is_in_swarm_mode_and_serves()
    {
        Assert.Equal("active", (await DockerCommand.RunAsync("info", "--format", "{{.Swarm.LocalNodeState}}")).Trim());
        // New, per-run volume names: the path where the orchestrator would have to create them.
        await using var run = await SimulatorRun.StartAsync(["--Simulator:Replicas=1"], Bounded.HangLimit);
        await Bounded.WithinAsync(Bounded.HangLimit, "the proxy becoming Healthy", token =>
            run.App.ResourceNotifications.WaitForResourceHealthyAsync("proxy", token));

        using var client = new HttpClient(run.Authority.CreateHandler()) { BaseAddress = run.Origin, Timeout = Bounded.HangLimit };
        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
