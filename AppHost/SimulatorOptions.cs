namespace Simulator.AppHost;

/// <summary>The simulator's settings, bound from the "Simulator" configuration section.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>True when the images are the offline set built by eng/images.sh.</summary>
    public bool Offline { get; set; }

    /// <summary>Keeps Postgres, Redis and object-store data in named volumes between runs.</summary>
    public bool Volumes { get; set; } = true;

    public ImageOptions Images { get; set; } = new();
}

/// <summary>
/// Image references ("name:tag"). Empty means the upstream default; offline, eng/images.sh
/// writes appsettings.images.json with the local image set.
/// </summary>
public sealed class ImageOptions
{
    /// <summary>Empty: Aspire's own default postgres image.</summary>
    public string? Postgres { get; set; }

    /// <summary>Empty: Aspire's own default redis image.</summary>
    public string? Redis { get; set; }

    public string Nginx { get; set; } = "docker.io/library/nginx:1.29";

    public string Node { get; set; } = "docker.io/library/node:22-slim";

    public string ObjectStore { get; set; } = "docker.io/minio/minio:latest";
}
