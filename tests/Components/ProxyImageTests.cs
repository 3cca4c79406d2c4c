using System.Net;
using System.Text;
using DotNet.Testcontainers.Builders;
using Simulator.AppHost;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Components;

/// <summary>The proxy's own nginx configuration in the nginx image, with no replica to route to.</summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class ProxyImageTests
{
    [Fact]
    public async Task With_no_replica_serving_nginx_starts_and_answers_503()
    {
        await using var container = new ContainerBuilder(TestImages.Nginx)
            .WithResourceMapping(Encoding.UTF8.GetBytes(NginxConfiguration.Render(uploadMaxBytes: 1024)), "/etc/nginx/conf.d/default.conf")
            .WithResourceMapping(Encoding.UTF8.GetBytes(NginxConfiguration.RenderUpstream([], SailsAppExtensions.AppPort)),
                $"{NginxConfiguration.UpstreamFolder}/{NginxConfiguration.UpstreamFileName}")
            .WithPortBinding(80, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPath(NginxConfiguration.HealthPath).ForPort(80)))
            .Build();
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        await container.StartAsync(timeout.Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{container.GetMappedPublicPort(80)}"), Timeout = Bounded.HangLimit };

        using var response = await client.GetAsync("/api/messages", timeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no replica is serving\n", await response.Content.ReadAsStringAsync(timeout.Token));
        Assert.Null(SampleAppApi.ServedBy(response));
    }
}
