using Microsoft.Extensions.Configuration;
using Simulator.AppHost;

namespace Simulator.Tests.Infrastructure;

/// <summary>
/// The image references the AppHost would use, for component tests that start single containers:
/// the catalog's defaults (ImageOptions), then AppHost/appsettings.json, the generated offline
/// settings and the environment, in the AppHost's order.
/// </summary>
public static class TestImages
{
    private static readonly ImageOptions Images = new ConfigurationBuilder()
        .SetBasePath(RepositoryPaths.AppHost)
        .AddJsonFile("appsettings.json", optional: false)
        .AddJsonFile(SimulatorOptionsBuilderExtensions.ImageSettingsFile, optional: true)
        .AddEnvironmentVariables()
        .Build()
        .GetSection($"{SimulatorOptions.Section}:Images")
        .Get<ImageOptions>() ?? new ImageOptions();

    public static string Postgres => Images.Postgres;

    public static string Redis => Images.Redis;

    public static string ObjectStore => Images.ObjectStore;

    public static string Node => Images.Node;

    public static string Nginx => Images.Nginx;
}
