using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Simulator.AppHost;

public static class SimulatorConfiguration
{
    /// <summary>Written by eng/images.sh when the offline image set is in use.</summary>
    public const string ImageSettingsFile = "appsettings.images.json";

    /// <summary>
    /// Reads the simulator's settings: appsettings.json, then the generated image settings,
    /// then user secrets, environment and command line, which override both files.
    /// </summary>
    public static SimulatorOptions AddSimulatorSettings(this IDistributedApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var afterLastFile = sources.Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource { Path: not null } json && json.Path.StartsWith("appsettings", StringComparison.Ordinal))
            .index + 1;
        var imageSettings = new JsonConfigurationSource { Path = ImageSettingsFile, Optional = true, ReloadOnChange = false };
        imageSettings.ResolveFileProvider();
        sources.Insert(afterLastFile, imageSettings);

        var options = builder.Configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        return options;
    }
}
