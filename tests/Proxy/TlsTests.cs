using System.Net;
using System.Security.Authentication;
using Aspire.Hosting.Testing;
using Simulator.AppHost;
using Simulator.SampleAppClient;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Proxy;

/// <summary>TLS ends at the proxy, as at a production load balancer: what a browser and an attacker see.</summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class TlsTests(TopologyFixture topology)
{
    [Fact]
    public async Task The_app_answers_over_https_to_a_client_trusting_the_simulators_CA_and_is_refused_by_one_that_does_not()
    {
        await topology.WaitUntilHealthyAsync();

        using (var trusted = await topology.Proxy.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        }

        // The machine's own roots only, as any client that was not given the CA.
        using var untrusting = new HttpClient { Timeout = Bounded.HangLimit };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri(topology.ProxyUri, "/healthz")));
        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task The_session_cookie_set_through_the_proxy_is_Secure()
    {
        await topology.WaitUntilHealthyAsync();

        using var grant = await topology.Proxy.GetAsync(SampleAppApi.CsrfTokenPath);

        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        var session = Assert.Single(grant.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("sails.sid=", StringComparison.Ordinal));
        Assert.Contains("; Secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; HttpOnly", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_keeping_the_path_and_only_the_proxys_health_route_answers_on_it()
    {
        await topology.WaitUntilHealthyAsync();
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://localhost:{topology.ProxyPort}"),
            Timeout = Bounded.HangLimit,
        };

        using var redirected = await plain.PostAsync("/api/messages?page=2", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal(new Uri($"https://localhost:{topology.ProxyHttpsPort}/api/messages?page=2"), redirected.Headers.Location);
        Assert.Null(SampleAppApi.ServedBy(redirected));

        using var health = await plain.GetAsync(NginxConfiguration.HealthPath);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/__fault/crash")]
    [InlineData("POST", "/__FAULT/crash")]
    [InlineData("GET", "/__fault/hang")]
    [InlineData("GET", "/__fault/error")]
    public async Task The_fault_switch_answers_404_through_the_proxy_and_no_replica_process_is_touched(string method, string path)
    {
        await topology.WaitUntilHealthyAsync();
        var replicas = TopologyFixture.ReplicaNames
            .Select(name => new HttpClient { BaseAddress = topology.App.GetEndpoint(name, "http"), Timeout = Bounded.HangLimit })
            .ToList();
        try
        {
            var pidsBefore = await Task.WhenAll(replicas.Select(ReplicaProcess.PidAsync));

            // Once per replica, so that round-robin would have reached each of them.
            for (var i = 0; i < TopologyFixture.Replicas; i++)
            {
                using var response = await topology.Proxy.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Null(SampleAppApi.ServedBy(response));
            }

            Assert.Equal(pidsBefore, await Task.WhenAll(replicas.Select(ReplicaProcess.PidAsync)));
        }
        finally
        {
            replicas.ForEach(client => client.Dispose());
        }
    }
}
