using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class ProductionConfigTests(TopologyFixture topology)
{
    [Fact]
    public async Task Every_replica_runs_with_NODE_ENV_production()
    {
        await topology.WaitUntilHealthyAsync();

        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            // Asked of each replica's own endpoint, so every one answers for itself.
            using var direct = new HttpClient { BaseAddress = topology.App.GetEndpoint(replica, "http") };
            var health = await direct.GetFromJsonAsync<JsonElement>("/healthz");
            Assert.True(health.GetProperty("environment").GetString() == "production",
                $"{replica} runs in the '{health.GetProperty("environment")}' environment");
        }
    }

    [Fact]
    public async Task A_server_error_answers_500_without_a_stack_trace()
    {
        await topology.WaitUntilHealthyAsync();

        // The fault routes are the replicas' own: the proxy does not pass them on.
        using var direct = new HttpClient { BaseAddress = topology.App.GetEndpoint(TopologyFixture.ReplicaNames[0], "http") };
        using var response = await direct.GetAsync("/__fault/error");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("    at ", body);
        Assert.DoesNotContain(".js:", body);
        Assert.DoesNotContain("Simulated server error", body);
    }

    [Fact]
    public async Task A_state_changing_request_without_a_CSRF_token_is_refused_with_403()
    {
        await topology.WaitUntilHealthyAsync();
        using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri, topology.Authority);

        using var withoutToken = await user.PostWithoutCsrfTokenAsync("/api/messages", JsonContent("""{"text":"no token"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);

        using var withToken = await user.PostAsync("/api/messages", new { text = "with token" });
        Assert.Equal(HttpStatusCode.Created, withToken.StatusCode);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
