using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Simulator.AppHost;

public static class SimulatorOptionsBuilderExtensions
{
    /// <summary>Written by eng/images.sh when the offline image set is in use.</summary>
    public const string ImageSettingsFile = "appsettings.images.json";

    public const string MaxReplicasKey = $"{SimulatorOptions.Section}:Replicas:Max";

    /// <summary>
    /// Reads and checks the simulator's settings once: appsettings.json, then the generated image
    /// settings, then user secrets, environment and command line, which override both files.
    /// The app path comes back absolute. Bad settings stop the AppHost here, before any resource starts.
    /// Publishing checks no port: the proxy's ports are the target machine's, not this one's.
    /// </summary>
    public static SimulatorOptions ReadSimulatorOptions(this IDistributedApplicationBuilder builder, bool checkPorts = true)
    {
        InsertImageSettings(builder.Configuration);

        var options = Bind(builder.Configuration.GetSection(SimulatorOptions.Section));
        options.MaxReplicasSetting = builder.Configuration[MaxReplicasKey];
        options.App.Path = Path.GetFullPath(options.App.Path, RepositoryRoot(builder.AppHostDirectory));
        // Tests choose a free port themselves; a clash there is reported by the endpoint allocation.
        var problems = SimulatorOptionsValidator.Validate(options, checkPort: checkPorts && builder.ExecutionContext.IsRunMode);
        if (problems.Count > 0)
        {
            throw new SimulatorOptionsException(problems);
        }

        return options;
    }

    /// <summary>A value of the wrong kind (Replicas=three) is a bad setting too, said in one line.</summary>
    private static SimulatorOptions Bind(IConfigurationSection section)
    {
        try
        {
            return section.Get<SimulatorOptions>() ?? new SimulatorOptions();
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value 'three' at 'Simulator:Replicas' to type 'System.Int32'."
            throw new SimulatorOptionsException([e.Message]);
        }
    }

    private static void InsertImageSettings(IConfigurationBuilder configuration)
    {
        var sources = configuration.Sources;
        var afterAppSettings = sources
            .Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.Ordinal))
            .index + 1;
        var imageSettings = new JsonConfigurationSource { Path = ImageSettingsFile, Optional = true };
        imageSettings.ResolveFileProvider();
        sources.Insert(afterAppSettings, imageSettings);
    }

    private static string RepositoryRoot(string appHostDirectory) =>
        Path.GetFullPath(Path.Combine(appHostDirectory, ".."));
}
