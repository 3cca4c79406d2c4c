using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simulator.AppHost.Publish;

/// <summary>
/// The topology as it is published for Swarm and Kubernetes, from the same settings and app folder
/// the AppHost runs: the replica count, the images, the app's environment, its health path and its
/// migration plan. Services answer by the AppHost's resource names.
/// </summary>
public sealed partial record PublishedTopology(SimulatorOptions Options, SailsApp App, string AppImage, IReadOnlyList<string> AppCommand)
{
    public const string Postgres = "postgres";
    public const string Database = "appdb";
    public const string Redis = "redis";
    public const string Storage = "storage";
    public const string Migrate = "migrate";
    public const string Replicas = "sails";
    public const string Proxy = "proxy";

    public const string PostgresDataPath = "/var/lib/postgresql/data";
    public const string RedisDataPath = "/data";

    /// <summary>Where sails-env.sh and simulator.js are mounted in app containers.</summary>
    public const string ToolsFolder = "/simulator";

    public static PublishedTopology For(SimulatorOptions options, SailsApp app, string appImage) =>
        new(options, app, appImage, DockerfileCommand(app.Image.DockerfilePath));

    public int ReplicaCount => Options.Replicas;

    public ImageOptions Images => Options.Images;

    public string HealthPath => App.HealthPath;

    public MigrationPlan Migration => App.Migration;

    /// <summary>The app's environment that holds no secret: the AppHost's, the store's address, then the user's own.</summary>
    public IEnumerable<(string Name, string Value)> AppEnvironment => LastWins(
    [
        .. SailsEnvironment.Production(App),
        ("sails_custom__s3__endpoint", $"http://{Storage}:{ObjectStoreResource.ApiPort}"),
        ("sails_custom__s3__bucket", App.Options.Bucket),
        .. App.Options.Environment.Select(e => (e.Key, e.Value)),
    ]);

    /// <summary>The migration job's own settings on top (Sails' alter runs outside production mode).</summary>
    public IEnumerable<(string Name, string Value)> MigrationEnvironment => LastWins(
    [
        .. AppEnvironment,
        ("SIMULATOR_ROLE", "migrate"),
        .. Migration.Mode == MigrationMode.Alter
            ? [("NODE_ENV", "development"), ("sails_models__migrate", MigrationPlan.AlterSetting)]
            : Array.Empty<(string, string)>(),
    ]);

    /// <summary>One entry per name, at its first place, with its last value: a later setting overrides, as in the AppHost.</summary>
    private static IEnumerable<(string Name, string Value)> LastWins(IEnumerable<(string Name, string Value)> entries)
    {
        var list = entries.ToList();
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in list)
        {
            last[name] = value;
        }

        return list.Select(e => e.Name).Distinct(StringComparer.Ordinal).Select(name => (name, last[name])).ToList();
    }

    public IReadOnlyList<string> MigrationCommand => [Migration.Entrypoint, .. Migration.Args];

    /// <summary>Every app container's entrypoint: sails-env.sh, then the command (the image's own, or the migration's).</summary>
    public IReadOnlyList<string> AppEntrypoint => ["/bin/sh", $"{ToolsFolder}/sails-env.sh"];

    /// <summary>
    /// The object store's start, a shell line for any image of the catalog's ObjectStore row, whatever
    /// its name (a registry may rename it): MinIO's `minio server` where the image has MinIO, else the
    /// offline stand-in's server (its Dockerfile's entrypoint and arguments).
    /// </summary>
    public static string StorageStart =>
        $"if command -v minio >/dev/null; then exec minio server {ObjectStoreResource.DataPath}; " +
        $"else exec node /opt/s3-standin/server.js server {ObjectStoreResource.DataPath}; fi";

    /// <summary>A probe that works in either image: MinIO's has mc, the stand-in has Node.</summary>
    public static string StorageHealthCheck =>
        "if command -v mc >/dev/null; then mc ready local; " +
        $"else node -e {Shell(HttpProbe(ObjectStoreResource.ApiPort, ObjectStoreResource.LivenessPath))}; fi";

    /// <summary>The replica's health check: GET on the app's health path answers 2xx or 3xx, as in the AppHost.</summary>
    public IReadOnlyList<string> ReplicaHealthCommand => ["node", "-e", HttpProbe(SailsAppExtensions.AppPort, HealthPath)];

    /// <summary>Single-quoted for /bin/sh.</summary>
    private static string Shell(string text) => $"'{text.Replace("'", "'\\''")}'";

    /// <summary>Node one-liner: exit 0 when GET on the path answers 2xx or 3xx within 4 s.</summary>
    private static string HttpProbe(int port, string path) =>
        $"require(\"http\").get({{host:\"127.0.0.1\",port:{port},path:{JsonSerializer.Serialize(path)},timeout:4000}}," +
        "r=>process.exit(r.statusCode<400?0:1)).on(\"error\",()=>process.exit(1)).on(\"timeout\",()=>process.exit(1))";

    /// <summary>
    /// The image's own command, as its Dockerfile's last CMD gives it: an entrypoint of its own
    /// (sails-env.sh) replaces the image's command in both Swarm and Kubernetes, so it is given again.
    /// </summary>
    public static IReadOnlyList<string> DockerfileCommand(string dockerfilePath)
    {
        var command = File.ReadLines(dockerfilePath).Select(l => CmdLine().Match(l)).LastOrDefault(m => m.Success)?.Groups["command"].Value.Trim()
            ?? throw new SimulatorOptionsException([$"{dockerfilePath} has no CMD; publish needs the command the app's image runs."]);
        return command.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(command)!
            : ["/bin/sh", "-c", command];
    }

    [GeneratedRegex(@"^\s*CMD\s+(?<command>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CmdLine();
}
