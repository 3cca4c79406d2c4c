namespace Simulator.AppHost;

public static class TrafficGeneratorExtensions
{
    /// <summary>
    /// The traffic generator (TrafficGenerator/): virtual users and sockets against the proxy's
    /// https endpoint, trusting the simulator's CA, its metrics in the dashboard. It starts only
    /// when the operator starts it (and, like any client, only once the proxy is up: WaitFor it).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddTrafficGenerator(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ContainerResource> proxy, ProxyOptions options) =>
        builder.AddProject<Projects.TrafficGenerator>(name)
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Traffic__Url", proxy.GetEndpoint("https"))
            .WithEnvironment("Traffic__CertificateAuthority", options.AuthorityCertificatePath)
            // It serves plain http (health only); no development certificate is needed.
            .WithoutHttpsCertificate()
            .WithExplicitStart();
}
