using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulator.AppHost.Tls;
using Simulator.SampleAppClient;

namespace Simulator.AppHost;

public static class LoadBalancerExtensions
{
    /// <summary>
    /// nginx in front of the replicas: the only endpoint published to the host, on 127.0.0.1. It
    /// terminates TLS at the https port with a certificate of the simulator's local CA; its plain
    /// http port redirects there. Its upstream lists exactly the replicas that are serving (Running
    /// and Healthy): each start of its container begins with the current list, and the list follows
    /// the replicas while it runs (ProxyUpstreamRefresher). Start it after the replicas (WaitFor
    /// each); after its first start it restarts without waiting for them.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddLoadBalancer(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<IResourceBuilder<ContainerResource>> replicas,
        ProxyOptions options, long uploadMaxBytes)
    {
        var replicaNames = replicas.Select(r => r.Resource.Name).ToList();
        var configuration = NginxConfiguration.Render(uploadMaxBytes, options.HttpsPort);

        var proxy = builder.AddContainer(name, ContainerImages.Nginx.Upstream!)
            .WithContainerFiles("/etc/nginx/conf.d", [new ContainerFile { Name = "default.conf", Contents = configuration }])
            .WithContainerFiles(NginxConfiguration.UpstreamFolder, (context, _) =>
                Task.FromResult<IEnumerable<ContainerFileSystemItem>>([context.Services.GetRequiredService<ProxyUpstream>().FileForNewContainer()]))
            .WithContainerFiles(NginxConfiguration.TlsFolder, (context, _) => Task.FromResult(ProxyCertificateFiles(context, options)))
            .WithArgs("nginx", "-g", NginxConfiguration.MainDirectives)
            // Not proxied by Aspire: clients reach nginx itself, at the address they are told.
            .WithHttpEndpoint(port: options.Port, targetPort: NginxConfiguration.HttpPort, name: "http", isProxied: false)
            .WithHttpsEndpoint(port: options.HttpsPort, targetPort: NginxConfiguration.HttpsPort, name: "https", isProxied: false)
            .WithHttpHealthCheck(NginxConfiguration.HealthPath, endpointName: "http")
            .WithUrlForEndpoint("http", url => url.DisplayText = "http (redirects to https)")
            .WithUrlForEndpoint("https", url => url.DisplayText = "Sails app (through nginx)");

        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ProxyUpstream>(
            services, name, (IReadOnlyList<string>)replicaNames, SailsAppExtensions.AppPort));
        builder.Services.AddHostedService<ProxyUpstreamRefresher>();

        proxy.OnResourceReady((_, e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").LogInformation(
                "{ServedAt}{Url} (nginx → {Replicas})", ConsoleContract.AppServedAt, options.PublicOrigin,
                string.Join(", ", e.Services.GetRequiredService<ProxyUpstream>().ServingReplicas()));
            return Task.CompletedTask;
        });
        return proxy;
    }

    /// <summary>
    /// The proxy's certificate and key, issued when the container is created (the CA is made on
    /// the first run). Only the CA certificate's path and fingerprint are logged, never a key.
    /// </summary>
    private static IEnumerable<ContainerFileSystemItem> ProxyCertificateFiles(ContainerFileSystemCallbackContext context, ProxyOptions options)
    {
        var certificate = LocalCertificateAuthority.Prepare(options.CertificateFolderOrDefault);
        context.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").LogInformation(
            "The proxy's certificate is issued by the simulator's local CA {Path} (SHA-256 {Fingerprint}); trust it in a browser to open {Url}",
            certificate.AuthorityPath, certificate.AuthorityFingerprint, options.PublicOrigin);
        return
        [
            new ContainerFile { Name = NginxConfiguration.CertificateFile, Contents = certificate.CertificatePem },
            new ContainerFile { Name = NginxConfiguration.KeyFile, Contents = certificate.KeyPem, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite },
        ];
    }
}
