using System.Net;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Proxy;

/// <summary>
/// The proxy's guards as users meet them (their configuration is checked by
/// <see cref="NginxConfigurationTests"/>): idle keep-alive connections, and a 503 from every replica.
/// </summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class ProxyGuardTests(TopologyFixture topology)
{
    /// <summary>Just above Node's keep-alive timeout (5 s): by then Node has closed an idle connection of its own accord.</summary>
    private static readonly TimeSpan IdlePause = TimeSpan.FromSeconds(5.5);

    [Fact]
    public async Task POSTs_each_after_an_idle_pause_longer_than_Nodes_keep_alive_get_no_502()
    {
        await topology.WaitUntilHealthyAsync();
        using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri, topology.Authority);

        // One POST per replica: nginx's pooled connection to each has sat idle past Node's timeout.
        for (var i = 0; i < TopologyFixture.Replicas + 1; i++)
        {
            // The idle pause is the scenario itself, not a wait for something to happen.
            await Task.Delay(IdlePause);
            using var created = await user.PostAsync("/api/messages", new { text = $"after an idle pause {i}" }, HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task A_503_from_every_replica_is_passed_on_and_the_next_request_is_served()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            await topology.StopAsync("redis");

            // Every replica's readiness fails without Redis; through the proxy the 503 reaches the client.
            await Bounded.EventuallyAsync(Bounded.HangLimit, "/readyz answering 503 through the proxy with Redis stopped", async () =>
            {
                using var unready = await topology.Proxy.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            });
            for (var i = 0; i < TopologyFixture.Replicas; i++)
            {
                using var unready = await topology.Proxy.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            }

            // No replica was taken out of the pool for it: liveness, which needs no Redis, is served at once.
            using var live = await topology.Proxy.GetAsync("/healthz");
            Assert.True(live.StatusCode == HttpStatusCode.OK, $"GET /healthz answered {(int)live.StatusCode} from {SailsUser.ServedBy(live)} after every replica answered 503");

            await topology.StartAsync("redis");
        });
    }
}
