using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

public static class LoadBalancerExtensions
{
    /// <summary>
    /// nginx in front of the replicas: the only endpoint published to the host, on 127.0.0.1
    /// at the configured port. It starts once every replica is healthy.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddLoadBalancer(
        this IDistributedApplicationBuilder builder, string name, SimulatorSettings simulator,
        IReadOnlyList<IResourceBuilder<ContainerResource>> replicas)
    {
        var options = simulator.Options;
        var configuration = NginxConfiguration.Render(
            replicas.Select(r => r.Resource.Name), SailsAppExtensions.AppPort, options.App.UploadMaxBytes);

        var proxy = builder.AddContainer(name, simulator.Images.Nginx)
            .WithContainerFiles("/etc/nginx/conf.d", [new ContainerFile { Name = "default.conf", Contents = configuration }])
            // Not proxied by Aspire: clients reach nginx itself, at the address they are told.
            .WithHttpEndpoint(port: options.Proxy.Port, targetPort: 80, name: "http", isProxied: false)
            .WithHttpHealthCheck(NginxConfiguration.HealthPath)
            .WithUrlForEndpoint("http", url => url.DisplayText = "Sails app (through nginx)");
        foreach (var replica in replicas)
        {
            proxy.WaitFor(replica);
        }

        var replicaNames = replicas.Select(r => r.Resource.Name).ToHashSet();
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ProxyUpstreamRefresher>(
            services, name, (IReadOnlySet<string>)replicaNames));

        builder.Eventing.Subscribe<ResourceReadyEvent>(proxy.Resource, (e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").LogInformation(
                "The Sails app is served at {Url} (nginx → {Replicas})", options.Proxy.PublicOrigin,
                string.Join(", ", replicaNames));
            return Task.CompletedTask;
        });
        return proxy;
    }
}
