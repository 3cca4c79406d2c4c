using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri, topology.Authority);

        var servedBy = new HashSet<string>();
        for (var i = 0; i < 3 * TopologyFixture.Replicas; i++)
        {
            using var response = await user.GetAsync("/api/me");
            Assert.True(response.StatusCode == HttpStatusCode.OK,
                $"GET /api/me answered {(int)response.StatusCode} on {SailsUser.ServedBy(response)}: the session is not shared");
            var me = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(user.Email, me.GetProperty("email").GetString());
            servedBy.Add(SailsUser.ServedBy(response));
        }

        Assert.Equal(TopologyFixture.ReplicaNames, servedBy.Order());
    }
}
