using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulator.SampleAppClient;

namespace Simulator.AppHost;

public static class LoadBalancerExtensions
{
    /// <summary>
    /// nginx in front of the replicas: the only endpoint published to the host, on 127.0.0.1 at the
    /// proxy's port. Its upstream is generated from the replica list; when a replica comes back
    /// healthy, nginx reloads to resolve its address. Start it after the replicas (WaitFor each).
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddLoadBalancer(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<IResourceBuilder<ContainerResource>> replicas,
        ProxyOptions options, long uploadMaxBytes)
    {
        var replicaNames = replicas.Select(r => r.Resource.Name).ToList();
        var configuration = NginxConfiguration.Render(replicaNames, SailsAppExtensions.AppPort, uploadMaxBytes);

        var proxy = builder.AddContainer(name, ContainerImages.Nginx.Upstream!)
            .WithContainerFiles("/etc/nginx/conf.d", [new ContainerFile { Name = "default.conf", Contents = configuration }])
            // Not proxied by Aspire: clients reach nginx itself, at the address they are told.
            .WithHttpEndpoint(port: options.Port, targetPort: 80, name: "http", isProxied: false)
            .WithHttpHealthCheck(NginxConfiguration.HealthPath)
            .WithUrlForEndpoint("http", url => url.DisplayText = "Sails app (through nginx)");

        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ProxyUpstreamRefresher>(
            services, name, (IReadOnlySet<string>)replicaNames.ToHashSet()));

        proxy.OnResourceReady((_, e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").LogInformation(
                "{ServedAt}{Url} (nginx → {Replicas})", ConsoleContract.AppServedAt, options.PublicOrigin, string.Join(", ", replicaNames));
            return Task.CompletedTask;
        });
        return proxy;
    }
}
