using System.Globalization;
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
        // The generated image is built on Simulator:Images:Node; an app's own Dockerfile chooses its Node itself.
        if (app.Image.IsGenerated && NodeEngine.Mismatch(app.Folder.Package.NodeEngine, app.BaseImage) is { } mismatch)
        {
            builder.LogBeforeStart(LogLevel.Warning, "app: " + mismatch);
        }

        return ReplicaNames(max)
            .Select((name, index) =>
            {
                var replica = builder.AddSailsContainer(name, image, app, backends)
                    .WithHttpEndpoint(targetPort: AppPort, name: "http")
                    .WithReplicaHealthCheck("http", app.HealthPath)
                    .WithTelemetryExport(app.Options);
                return index < count ? replica : replica.WithExplicitStart();
            })
            .ToList();
    }

    public static IEnumerable<string> ReplicaNames(int count) => Enumerable.Range(1, count).Select(index => $"sails-{index}");

    /// <summary>OTLP to the dashboard (Simulator:App:Telemetry), a share of the traces (Simulator:App:TraceSampleRatio).</summary>
    private static IResourceBuilder<ContainerResource> WithTelemetryExport(this IResourceBuilder<ContainerResource> replica, AppOptions options)
    {
        if (!options.Telemetry)
        {
            return replica;
        }

        replica.WithTelemetryToDashboard();
        // After Aspire's OTLP settings, whose sampler is always_on. Parent-based: a request that arrives
        // in a sampled trace (from an instrumented client) stays in it.
        return options.TraceSampleRatio < 1
            ? replica.WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", options.TraceSampleRatio.ToString(CultureInfo.InvariantCulture))
            : replica;
    }

    /// <summary>
    /// A container of the app's image (its own tag, see <see cref="AppImages"/>), started once the
    /// image is built, and configured for production purely by environment: NODE_ENV and the sails_*
    /// variables Sails reads at lift; APP_VERSION names the build it runs.
    /// </summary>
    private static IResourceBuilder<ContainerResource> AddSailsContainer(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<SailsAppImageResource> image, SailsApp app, SailsBackends backends)
    {
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
            .WithEnvironment("REPLICA_NAME", name);
        foreach (var (variable, value) in SailsEnvironment.Production(app))
        {
            container.WithEnvironment(variable, value);
        }

        container.WithEnvironment("sails_datastores__default__url", backends.Database.Resource.UriExpression)
            .WithEnvironment("sails_session__url", backends.Redis.Resource.UriExpression)
            .WithEnvironment("sails_session__secret", backends.SessionSecret)
            .WithEnvironment("sails_sockets__url", backends.Redis.Resource.UriExpression)
            .WithObjectStoreSettings(backends.Storage, app.Folder);
        foreach (var (variable, value) in app.Options.Environment)
        {
            // {database.url} and the like resolve when the container starts (see TopologyReferences).
            if (TopologyReferences.HasReferences(value))
            {
                container.WithEnvironment(variable, TopologyReferences.Resolve(value, backends, app.Proxy));
            }
            else
            {
                container.WithEnvironment(variable, value);
            }
        }

        return container;
    }

    /// <summary>
    /// The store's endpoint, keys and bucket, each a part of its connection string, under the names
    /// the app reads: the sample app's sails.config.custom.s3, and, for an app with skipper-s3, Sails'
    /// standard sails.config.uploads (the adapter itself is a module, so the app's production config
    /// names it: <c>uploads: { adapter: require('skipper-s3') }</c>).
    /// </summary>
    private static IResourceBuilder<ContainerResource> WithObjectStoreSettings(
        this IResourceBuilder<ContainerResource> container, IResourceBuilder<ObjectStoreResource> storage, SailsAppFolder app)
    {
        var hasSkipperS3 = app.Package.Dependencies.Contains(SkipperS3);
        foreach (var (variable, part) in hasSkipperS3 ? CustomS3Settings.Concat(UploadsSettings) : CustomS3Settings)
        {
            container.WithEnvironment(variable, storage.Resource.GetConnectionProperty(part));
        }

        if (hasSkipperS3)
        {
            // aws-sdk v2 signs for a region; the store accepts any, us-east-1 is S3's default.
            container.WithEnvironment("sails_uploads__region", "us-east-1");
        }

        return container;
    }

    public const string SkipperS3 = "skipper-s3";

    private static readonly (string Variable, string Part)[] CustomS3Settings =
    [
        ("sails_custom__s3__endpoint", ObjectStoreConnectionString.EndpointKey),
        ("sails_custom__s3__bucket", ObjectStoreConnectionString.BucketKey),
        ("sails_custom__s3__accessKeyId", ObjectStoreConnectionString.AccessKeyKey),
        ("sails_custom__s3__secretAccessKey", ObjectStoreConnectionString.SecretKeyKey),
    ];

    /// <summary>skipper-s3's options: it passes endpoint, key, secret and region to aws-sdk v2's S3 client and writes to bucket.</summary>
    private static readonly (string Variable, string Part)[] UploadsSettings =
    [
        ("sails_uploads__endpoint", ObjectStoreConnectionString.EndpointKey),
        ("sails_uploads__bucket", ObjectStoreConnectionString.BucketKey),
        ("sails_uploads__key", ObjectStoreConnectionString.AccessKeyKey),
        ("sails_uploads__secret", ObjectStoreConnectionString.SecretKeyKey),
    ];

    /// <summary>A line on the AppHost's console before any resource starts.</summary>
    private static void LogBeforeStart(this IDistributedApplicationBuilder builder, LogLevel level, string message) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").Log(level, "{Message}", message);
            return Task.CompletedTask;
        });
}
