using Microsoft.Extensions.DependencyInjection;

namespace Simulator.AppHost;

public static class TrafficGeneratorExtensions
{
    /// <summary>
    /// The traffic generator (TrafficGenerator/): virtual users and sockets against the proxy,
    /// its metrics in the dashboard. It starts only when the operator starts it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddTrafficGenerator(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ContainerResource> proxy) =>
        builder.AddProject<Projects.TrafficGenerator>(name)
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Traffic__Url", proxy.GetEndpoint("http"))
            .WithEnvironment(WithoutTelemetryWhenNoDashboard)
            // It serves plain http (health only); no development certificate is needed.
            .WithoutHttpsCertificate()
            .WithExplicitStart()
            .WaitFor(proxy);

    /// <summary>
    /// Without a dashboard (Aspire.Hosting.Testing turns it off) nothing receives telemetry, and
    /// an exporter retrying the absent endpoint keeps the process alive long after Stop.
    /// </summary>
    private static void WithoutTelemetryWhenNoDashboard(EnvironmentCallbackContext context)
    {
        if (context.ExecutionContext.Services.GetRequiredService<DistributedApplicationOptions>().DisableDashboard)
        {
            context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        }
    }
}
