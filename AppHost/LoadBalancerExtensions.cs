using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulator.SampleAppClient;

namespace Simulator.AppHost;

public static class LoadBalancerExtensions
{
    /// <summary>
    /// nginx in front of the replicas: the only endpoint published to the host, on 127.0.0.1 at the
    /// proxy's port. Its upstream lists exactly the replicas that are serving (Running and Healthy):
    /// each start of its container begins with the current list, and the list follows the replicas
    /// while it runs (ProxyUpstreamRefresher). Start it after the replicas (WaitFor each); after its
    /// first start it restarts without waiting for them.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddLoadBalancer(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<IResourceBuilder<ContainerResource>> replicas,
        ProxyOptions options, long uploadMaxBytes)
    {
        var replicaNames = replicas.Select(r => r.Resource.Name).ToList();
        var configuration = NginxConfiguration.Render(uploadMaxBytes);

        var proxy = builder.AddContainer(name, ContainerImages.Nginx.Upstream!)
            .WithContainerFiles("/etc/nginx/conf.d", [new ContainerFile { Name = "default.conf", Contents = configuration }])
            .WithContainerFiles(NginxConfiguration.UpstreamFolder, (context, _) =>
                Task.FromResult<IEnumerable<ContainerFileSystemItem>>([context.Services.GetRequiredService<ProxyUpstream>().FileForNewContainer()]))
            // Not proxied by Aspire: clients reach nginx itself, at the address they are told.
            .WithHttpEndpoint(port: options.Port, targetPort: 80, name: "http", isProxied: false)
            .WithHttpHealthCheck(NginxConfiguration.HealthPath)
            .WithUrlForEndpoint("http", url => url.DisplayText = "Sails app (through nginx)");

        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ProxyUpstream>(
            services, name, (IReadOnlyList<string>)replicaNames, SailsAppExtensions.AppPort));
        builder.Services.AddHostedService<ProxyUpstreamRefresher>();

        proxy.OnResourceReady((_, e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").LogInformation(
                "{ServedAt}{Url} (nginx → {Replicas})", ConsoleContract.AppServedAt, options.PublicOrigin, string.Join(", ", replicaNames));
            return Task.CompletedTask;
        });
        return proxy;
    }
}
