using System.Net;
using System.Text;
using DotNet.Testcontainers.Builders;
using Simulator.AppHost;
using Simulator.AppHost.Tls;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Components;

/// <summary>The proxy's own nginx configuration in the nginx image, with no replica to route to.</summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class ProxyImageTests
{
    [Fact]
    public async Task With_no_replica_serving_nginx_starts_and_answers_503()
    {
        var authority = Directory.CreateTempSubdirectory("sails-simulator-ca-");
        var certificate = LocalCertificateAuthority.Prepare(authority.FullName);
        await using var container = new ContainerBuilder(TestImages.Nginx)
            .WithResourceMapping(Encoding.UTF8.GetBytes(NginxConfiguration.Render(uploadMaxBytes: 1024, publicHttpsPort: 8443)), "/etc/nginx/conf.d/default.conf")
            .WithResourceMapping(Encoding.UTF8.GetBytes(certificate.CertificatePem), $"{NginxConfiguration.TlsFolder}/{NginxConfiguration.CertificateFile}")
            .WithResourceMapping(Encoding.UTF8.GetBytes(certificate.KeyPem), $"{NginxConfiguration.TlsFolder}/{NginxConfiguration.KeyFile}")
            .WithResourceMapping(Encoding.UTF8.GetBytes(NginxConfiguration.RenderUpstream([], SailsAppExtensions.AppPort)),
                $"{NginxConfiguration.UpstreamFolder}/{NginxConfiguration.UpstreamFileName}")
            .WithPortBinding(80, assignRandomHostPort: true)
            .WithPortBinding(NginxConfiguration.HttpsPort, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPath(NginxConfiguration.HealthPath).ForPort(80)))
            .Build();
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        await container.StartAsync(timeout.Token);
        var trusted = ProductCertificateAuthority.Load(certificate.AuthorityPath);
        using var client = new HttpClient(trusted.CreateHandler())
        {
            BaseAddress = new Uri($"https://127.0.0.1:{container.GetMappedPublicPort(NginxConfiguration.HttpsPort)}"),
            Timeout = Bounded.HangLimit,
        };

        using var response = await client.GetAsync("/api/messages", timeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no replica is serving\n", await response.Content.ReadAsStringAsync(timeout.Token));
        Assert.Null(SampleAppApi.ServedBy(response));
        authority.Delete(recursive: true);
    }
}
