using Simulator.AppHost;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Rollouts;

/// <summary>A deploy with one replica: a second is started on the new version first, so one always serves.</summary>
[Trait(Tier.Trait, Tier.Rollouts)]
[Collection(DeployTopologyCollection.Name)]
public sealed class SingleReplicaDeployTests(SingleReplicaDeployTopologyFixture topology)
{
    [Fact]
    public async Task One_replica_is_deployed_with_a_second_started_first_and_no_request_fails()
    {
        var old = await topology.VersionsAsync();
        File.WriteAllText(topology.PathInApp("assets/deployed.txt"), $"a change {Guid.NewGuid():N}\n");
        var load = await SteadyLoad.StartAsync(topology.Origin, topology.Authority);

        var result = await Rollout.RunAsync(topology.Simulator, RolloutCommands.Deploy);

        var (requests, failures) = await load.StopAsync();
        Assert.True(result.Success, $"the deploy failed: {result.Message}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests failed during the deploy: {string.Join("; ", failures)}");
        Assert.NotEqual(old["sails-1"], (await topology.VersionsAsync())["sails-1"]);
        Assert.Contains("sails-2", result.Message);
        Assert.Equal(["sails-1"], Rollout.Serving(topology.Simulator, ["sails-1", "sails-2"]));
        Assert.Equal(["sails-1"], await Rollout.ProxyUpstreamAsync(topology.Simulator));
    }
}
