using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Simulator.AppHost;

public static class SimulatorConfiguration
{
    /// <summary>Written by eng/images.sh when the offline image set is in use.</summary>
    public const string ImageSettingsFile = "appsettings.images.json";

    /// <summary>
    /// Reads and checks the simulator's settings: appsettings.json, then the generated image
    /// settings, then user secrets, environment and command line, which override both files.
    /// Bad settings stop the AppHost here, before any resource starts.
    /// </summary>
    public static SimulatorSettings AddSimulatorSettings(this IDistributedApplicationBuilder builder)
    {
        InsertImageSettings(builder.Configuration);

        var options = builder.Configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        var appPath = Path.GetFullPath(options.App.Path, RepositoryRoot(builder.AppHostDirectory));
        // Tests choose a free port themselves; a clash there is reported by the endpoint allocation.
        var problems = SimulatorOptionsValidator.Validate(options, appPath, checkPort: builder.ExecutionContext.IsRunMode);
        if (problems.Count > 0)
        {
            throw new SimulatorConfigurationException(problems);
        }

        return new SimulatorSettings(options, appPath);
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

/// <summary>The validated options and what follows from them.</summary>
public sealed record SimulatorSettings(SimulatorOptions Options, string AppPath)
{
    // Read once: the folder is inspected, and the generated image written, for many resources.
    private SailsAppFolder? _app;
    private SailsAppImage? _appImage;

    public ImageOptions Images => Options.Images;

    public SailsAppFolder App => _app ??= SailsAppFolder.Read(AppPath);

    public SailsAppImage AppImage => _appImage ??= SailsAppImage.For(App, SailsAppImage.DefaultGeneratedRoot);

    /// <summary>Data volumes outlive runs; `docker volume rm` on them is a clean start.</summary>
    public string VolumeName(string resource) => $"sails-simulator-{resource}-data{Options.VolumeSuffix}";
}

public sealed class SimulatorConfigurationException(IReadOnlyList<string> problems)
    : Exception("The simulator's configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
