using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class SocketTests(TopologyFixture topology)
{
    [Fact]
    public async Task A_message_created_on_one_replica_reaches_socket_clients_on_the_others()
    {
        await topology.WaitUntilHealthyAsync();
        await ReplicaBehaviours.MessageReachesSocketsOnOtherReplicasAsync(topology.ProxyUri, topology.PublicOrigin, topology.Authority);
    }

    [Fact]
    public async Task A_socket_handshake_from_a_foreign_origin_is_refused()
    {
        await topology.WaitUntilHealthyAsync();

        await Assert.ThrowsAnyAsync<Exception>(() =>
            ReplicaBehaviours.Subscriber.ConnectAsync(topology.ProxyUri, "https://evil.example", cookie: null, topology.Authority));
    }
}
