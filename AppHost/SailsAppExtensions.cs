using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>What every container of the Sails app is wired to.</summary>
public sealed record SailsBackends(
    IResourceBuilder<PostgresDatabaseResource> Database,
    IResourceBuilder<RedisResource> Redis,
    IResourceBuilder<ObjectStoreResource> Storage,
    IResourceBuilder<ParameterResource> SessionSecret);

/// <summary>The startup build of the app's image (see <see cref="AppImages"/>): a `docker build` whose log the dashboard shows.</summary>
public sealed class SailsAppImageResource(string name, AppImages images, string workingDirectory)
    : ExecutableResource(name, "sh", workingDirectory)
{
    public AppImages Images => images;
}

public static class SailsAppExtensions
{
    public const int AppPort = 1337;

    /// <summary>Names the version a container runs (its image's id) for the app to report.</summary>
    public const string VersionVariable = "APP_VERSION";

    /// <summary>
    /// Builds the app's image once, tagged for the migration job and every replica slot (sails-1 …
    /// sails-Max); the app's containers start only after it exits 0. Replaces one build per container.
    /// </summary>
    public static IResourceBuilder<SailsAppImageResource> AddSailsAppImage(
        this IDistributedApplicationBuilder builder, string name, SailsApp app, string migration, int maxReplicas)
    {
        var images = new AppImages(app, [migration, .. ReplicaNames(maxReplicas)]);
        builder.Services.AddSingleton(images);
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => images.RemoveTagsAsync().GetAwaiter().GetResult());
            return Task.CompletedTask;
        });
        // BuildKit writes its progress to stderr, which the dashboard would show as errors.
        return builder.AddResource(new SailsAppImageResource(name, images, app.Image.ContextPath))
            .WithArgs(["-c", "exec docker \"$@\" 2>&1", "docker", .. images.StartupBuildArguments()]);
    }

    /// <summary>
    /// The one-shot migration job in the app's image: its `npm run migrate`; for an app without
    /// migrations, a line saying so (exit 0); with Simulator:App:Migrate=alter, Sails' alter once.
    /// Replicas wait for it to finish with exit code 0.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddSailsMigration(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<SailsAppImageResource> image, SailsApp app, SailsBackends backends)
    {
        var plan = app.Migration;
        var job = builder.AddSailsContainer(name, image, app, backends)
            .WithEntrypoint(plan.Entrypoint)
            .WithArgs(plan.Args);
        if (plan.Mode == MigrationMode.Alter)
        {
            // Sails forces migrate 'safe' under NODE_ENV=production.
            job.WithEnvironment("NODE_ENV", "development")
                .WithEnvironment("sails_models__migrate", MigrationPlan.AlterSetting);
        }

        builder.LogBeforeStart(plan.Mode == MigrationMode.AppScript ? LogLevel.Information : LogLevel.Warning, plan.Description);
        return job;
    }

    /// <summary>
    /// sails-1 … sails-Max, each its own container resource (Aspire's WithReplicas is for
    /// projects only), so the dashboard shows every replica with its logs and health. The first
    /// <paramref name="count"/> start with the topology; the others wait for a scale-up (explicit start).
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ContainerResource>> AddSailsReplicas(
        this IDistributedApplicationBuilder builder, int count, int max, IResourceBuilder<SailsAppImageResource> image, SailsApp app, SailsBackends backends)
    {
        builder.LogBeforeStart(LogLevel.Information,
            $"app: {app.Folder.Path}, {app.Image.Description}; a replica is healthy when GET {app.HealthPath} answers 2xx or 3xx");

        return ReplicaNames(max)
            .Select((name, index) =>
            {
                var replica = builder.AddSailsContainer(name, image, app, backends)
                    .WithHttpEndpoint(targetPort: AppPort, name: "http")
                    .WithReplicaHealthCheck("http", app.HealthPath)
                    .WithOtlpExporter();
                return index < count ? replica : replica.WithExplicitStart();
            })
            .ToList();
    }

    public static IEnumerable<string> ReplicaNames(int count) => Enumerable.Range(1, count).Select(index => $"sails-{index}");

    /// <summary>
    /// A container of the app's image (its own tag, see <see cref="AppImages"/>), started once the
    /// image is built, and configured for production purely by environment: NODE_ENV and the sails_*
    /// variables Sails reads at lift; APP_VERSION names the build it runs.
    /// </summary>
    private static IResourceBuilder<ContainerResource> AddSailsContainer(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<SailsAppImageResource> image, SailsApp app, SailsBackends backends)
    {
        var options = app.Options;
        var images = image.Resource.Images;
        var container = builder.AddContainer(name, images.Repository, name)
            // The tag exists only on this engine: never pulled.
            .WithImagePullPolicy(ImagePullPolicy.Never)
            .WaitForCompletion(image)
            .WithEnvironment(async context =>
            {
                if (context.ExecutionContext.IsRunMode)
                {
                    context.EnvironmentVariables[VersionVariable] = await images.VersionOfAsync(name, context.CancellationToken);
                }
            })
            .WithEnvironment("NODE_ENV", "production")
            .WithEnvironment("PORT", AppPort.ToString())
            .WithEnvironment("REPLICA_NAME", name)
            // Adapter names as well as URLs, for apps whose production config names no adapter.
            .WithEnvironment("sails_datastores__default__adapter", "sails-postgresql")
            .WithEnvironment("sails_datastores__default__url", backends.Database.Resource.UriExpression)
            .WithEnvironment("sails_session__adapter", "@sailshq/connect-redis")
            .WithEnvironment("sails_session__url", backends.Redis.Resource.UriExpression)
            .WithEnvironment("sails_session__secret", backends.SessionSecret)
            .WithEnvironment("sails_sockets__adapter", "@sailshq/socket.io-redis")
            .WithEnvironment("sails_sockets__url", backends.Redis.Resource.UriExpression)
            .WithEnvironment("sails_sockets__onlyAllowOrigins", AllowedOrigins(app.Proxy))
            .WithEnvironment("sails_http__trustProxy", "true")
            .WithObjectStoreSettings(backends.Storage)
            .WithEnvironment("sails_custom__uploads__maxBytes", options.UploadMaxBytes.ToString())
            .WithEnvironment("SIMULATOR_FAULTS", options.Faults ? "enabled" : "disabled");
        foreach (var (variable, value) in options.Environment)
        {
            container.WithEnvironment(variable, value);
        }

        return container;
    }

    /// <summary>
    /// The sample app's S3 settings (sails.config.custom.s3), each a part of the store's connection
    /// string: the endpoint as the container network names the store, the keys, the bucket.
    /// </summary>
    private static IResourceBuilder<ContainerResource> WithObjectStoreSettings(
        this IResourceBuilder<ContainerResource> container, IResourceBuilder<ObjectStoreResource> storage)
    {
        foreach (var (variable, part) in S3Settings)
        {
            container.WithEnvironment(variable, storage.Resource.GetConnectionProperty(part));
        }

        return container;
    }

    private static readonly (string Variable, string Part)[] S3Settings =
    [
        ("sails_custom__s3__endpoint", ObjectStoreConnectionString.EndpointKey),
        ("sails_custom__s3__bucket", ObjectStoreConnectionString.BucketKey),
        ("sails_custom__s3__accessKeyId", ObjectStoreConnectionString.AccessKeyKey),
        ("sails_custom__s3__secretAccessKey", ObjectStoreConnectionString.SecretKeyKey),
    ];

    /// <summary>A line on the AppHost's console before any resource starts.</summary>
    private static void LogBeforeStart(this IDistributedApplicationBuilder builder, LogLevel level, string message) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").Log(level, "{Message}", message);
            return Task.CompletedTask;
        });

    /// <summary>The proxy's public https origin, as browsers may spell it; JSON, as Sails parses sails_* values.</summary>
    private static string AllowedOrigins(ProxyOptions proxy) =>
        $"[\"{proxy.PublicOrigin}\",\"https://127.0.0.1:{proxy.HttpsPort}\"]";
}
