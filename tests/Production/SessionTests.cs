using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class SessionTests(TopologyFixture topology)
{
    [Fact]
    public async Task Session_created_on_one_replica_is_valid_on_every_replica()
    {
        await topology.WaitUntilHealthyAsync();
        await ReplicaBehaviours.SessionIsValidOnEveryReplicaAsync(topology.ProxyUri, topology.Authority, TopologyFixture.ReplicaNames);
    }
}
