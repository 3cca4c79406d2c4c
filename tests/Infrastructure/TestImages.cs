using Microsoft.Extensions.Configuration;

namespace Simulator.Tests.Infrastructure;

/// <summary>
/// The image references the AppHost would use, for component tests that start single
/// containers: AppHost/appsettings.json, the generated offline settings, then the environment.
/// </summary>
public static class TestImages
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .SetBasePath(RepositoryPaths.AppHost)
        .AddJsonFile("appsettings.json", optional: false)
        .AddJsonFile("appsettings.images.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    // Aspire's own defaults, used where no offline set is configured.
    public static string Postgres => Get("Postgres") ?? "docker.io/library/postgres:18.3";
    public static string Redis => Get("Redis") ?? "docker.io/library/redis:8.6";
    public static string ObjectStore => Get("ObjectStore") ?? "docker.io/minio/minio:latest";
    public static string Node => Get("Node") ?? "docker.io/library/node:22-slim";

    private static string? Get(string name) =>
        Configuration[$"Simulator:Images:{name}"] is { Length: > 0 } reference ? reference : null;
}
