namespace Simulator.AppHost;

/// <summary>What every container of the Sails app is wired to.</summary>
public sealed record SailsBackends(
    IResourceBuilder<PostgresDatabaseResource> Database,
    IResourceBuilder<RedisResource> Redis,
    ObjectStore Storage,
    IResourceBuilder<ParameterResource> SessionSecret);

public static class SailsAppExtensions
{
    public const int AppPort = 1337;

    /// <summary>
    /// The one-shot migration job: the app's image running `npm run migrate` against the
    /// database. Replicas wait for it to finish with exit code 0.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddSailsMigration(
        this IDistributedApplicationBuilder builder, string name, SimulatorSettings simulator, SailsBackends backends) =>
        builder.AddSailsContainer(name, simulator, backends)
            .WithEntrypoint("npm")
            .WithArgs("run", "migrate")
            .WaitFor(backends.Database);

    /// <summary>
    /// sails-1 … sails-N, each its own container resource (Aspire's WithReplicas is for
    /// projects only), so the dashboard shows every replica with its logs and health.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ContainerResource>> AddSailsReplicas(
        this IDistributedApplicationBuilder builder, SimulatorSettings simulator, SailsBackends backends,
        IResourceBuilder<ContainerResource> migration)
    {
        return Enumerable.Range(1, simulator.Options.Replicas)
            .Select(index => builder.AddSailsContainer($"sails-{index}", simulator, backends)
                .WithHttpEndpoint(targetPort: AppPort, name: "http")
                .WithHttpHealthCheck("/readyz")
                .WithOtlpExporter()
                .WaitForCompletion(migration)
                .WaitFor(backends.Redis)
                .WaitFor(backends.Storage.Container))
            .ToList();
    }

    /// <summary>
    /// A container built from the app's Dockerfile and configured for production purely by
    /// environment: NODE_ENV and the sails_* variables Sails reads at lift.
    /// </summary>
    private static IResourceBuilder<ContainerResource> AddSailsContainer(
        this IDistributedApplicationBuilder builder, string name, SimulatorSettings simulator, SailsBackends backends)
    {
        var app = simulator.Options.App;
        var storage = backends.Storage;
        return builder.AddDockerfile(name, simulator.AppPath)
            .WithBuildArg("BASE_IMAGE", simulator.Images.Node)
            .WithEnvironment("NODE_ENV", "production")
            .WithEnvironment("PORT", AppPort.ToString())
            .WithEnvironment("REPLICA_NAME", name)
            .WithEnvironment("sails_datastores__default__url", backends.Database.Resource.UriExpression)
            .WithEnvironment("sails_session__url", backends.Redis.Resource.UriExpression)
            .WithEnvironment("sails_session__secret", backends.SessionSecret)
            .WithEnvironment("sails_sockets__url", backends.Redis.Resource.UriExpression)
            .WithEnvironment("sails_sockets__onlyAllowOrigins", AllowedOrigins(simulator.Options.Proxy))
            .WithEnvironment("sails_http__trustProxy", "true")
            .WithEnvironment("sails_custom__s3__endpoint", ReferenceExpression.Create(
                $"http://{storage.Api.Property(EndpointProperty.Host)}:{storage.Api.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("sails_custom__s3__bucket", storage.Bucket)
            .WithEnvironment("sails_custom__s3__accessKeyId", storage.AccessKey)
            .WithEnvironment("sails_custom__s3__secretAccessKey", storage.SecretKey)
            .WithEnvironment("sails_custom__uploads__maxBytes", app.UploadMaxBytes.ToString())
            .WithEnvironment("SIMULATOR_FAULTS", app.Faults ? "enabled" : "disabled");
    }

    /// <summary>The proxy's public origin, as browsers may spell it; JSON, as Sails parses sails_* values.</summary>
    private static string AllowedOrigins(ProxyOptions proxy) =>
        $"[\"{proxy.PublicOrigin}\",\"http://127.0.0.1:{proxy.Port}\"]";
}
