using Simulator.SampleAppClient;

namespace Simulator.AppHost;

/// <summary>The simulator's settings, bound from the "Simulator" configuration section.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>How many Sails containers run behind the proxy.</summary>
    public int Replicas { get; set; } = 3;

    /// <summary>
    /// The most replicas a scale-up may reach, as given (Simulator:Replicas:Max, a key beside
    /// Replicas' own value, so not bound with it); unset: twice Replicas, at most 16.
    /// </summary>
    public string? MaxReplicasSetting { get; internal set; }

    /// <summary>The setting's number (checked by the validator); 0 when it is not a whole number.</summary>
    public int MaxReplicas => MaxReplicasSetting is null
        ? Math.Min(2 * Replicas, SimulatorOptionsValidator.MaxReplicas)
        : int.TryParse(MaxReplicasSetting, out var max) ? max : 0;

    /// <summary>Names this simulator's data volumes (see DataVolumes), for a second one on the same machine; unset: the usual names.</summary>
    public string? Instance { get; set; }

    public AppOptions App { get; set; } = new();

    public ProxyOptions Proxy { get; set; } = new();

    public ImageOptions Images { get; set; } = new();
}

public sealed class AppOptions
{
    /// <summary>The Sails app folder, absolute or relative to the repository root (absolute once read).</summary>
    public string Path { get; set; } = "sample-sails-app";

    /// <summary>The bucket uploads go to; created before any replica starts.</summary>
    public string Bucket { get; set; } = "uploads";

    /// <summary>The app's upload limit; the proxy's body limit follows it.</summary>
    public long UploadMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Turns on the app's fault endpoints (crash, hang) that operators and tests use.</summary>
    public bool Faults { get; set; } = true;

    /// <summary>
    /// The path each replica's health check GETs (healthy on 2xx/3xx). Unset: /readyz when the
    /// app's config/routes.js declares it, else sails-hook-sockets' /__getcookie.
    /// </summary>
    public string? HealthPath { get; set; }

    /// <summary>
    /// Unset: the migrate job runs the app's `npm run migrate`, or says the app has none.
    /// "alter": it loads the app once with models.migrate 'alter' (a first run on an empty database).
    /// </summary>
    public string? Migrate { get; set; }

    /// <summary>
    /// Each replica exports its traces, metrics and logs to the dashboard (OTLP). Off, it exports
    /// nothing: no OTLP endpoint is set (the sample app then loads no OpenTelemetry SDK).
    /// </summary>
    public bool Telemetry { get; set; } = true;

    /// <summary>
    /// The share of requests whose traces the replicas export, above 0 and at most 1 (OpenTelemetry's
    /// parent-based ratio sampler). 1 keeps every trace, as Aspire does in development. Less is what
    /// busy production services often run, and what a load test may want: the dashboard stores each
    /// trace on this machine's CPU, beside the app (eng/benchmark.sh measures it).
    /// </summary>
    public double TraceSampleRatio { get; set; } = 1;

    /// <summary>Extra environment for every app container, e.g. sails_custom__baseUrl; applied last.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];
}

public sealed class ProxyOptions
{
    /// <summary>The proxy's plain-http port on 127.0.0.1: it redirects to https (its health route aside).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>The proxy's https port on 127.0.0.1, where it terminates TLS: the app's public address.</summary>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>
    /// Where the simulator's local CA and the proxy's certificate are kept; unset, the user's data
    /// folder (<see cref="ProductCertificateAuthority.DefaultFolder"/>). Tests point it at a temporary folder.
    /// </summary>
    public string? CertificateFolder { get; set; }

    public string CertificateFolderOrDefault => CertificateFolder is { Length: > 0 } folder ? folder : ProductCertificateAuthority.DefaultFolder;

    /// <summary>The CA's certificate (PEM) that every client of the product trusts.</summary>
    public string AuthorityCertificatePath => Path.Combine(CertificateFolderOrDefault, ProductCertificateAuthority.CertificateFileName);

    public string PublicOrigin => $"https://localhost:{HttpsPort}";
}

/// <summary>
/// Image references ("registry/name:tag"). Defaults: the upstream images of the catalog
/// (eng/images/catalog.txt); offline, eng/images.sh writes appsettings.images.json with their
/// offline equivalents.
/// </summary>
public sealed class ImageOptions
{
    public string Postgres { get; set; } = ContainerImages.Postgres.Upstream!;

    public string Redis { get; set; } = ContainerImages.Redis.Upstream!;

    public string Nginx { get; set; } = ContainerImages.Nginx.Upstream!;

    /// <summary>The base image of the Sails app's Dockerfile (its BASE_IMAGE build argument).</summary>
    public string Node { get; set; } = ContainerImages.Node.Upstream!;

    public string ObjectStore { get; set; } = ContainerImages.ObjectStore.Upstream!;

    public IEnumerable<(string Name, string Reference)> All =>
    [
        (nameof(Postgres), Postgres), (nameof(Redis), Redis), (nameof(Nginx), Nginx), (nameof(Node), Node), (nameof(ObjectStore), ObjectStore),
    ];
}
