using System.Text.RegularExpressions;

namespace Simulator.AppHost;

/// <summary>
/// The named volumes that keep the backing services' data between runs: one set per
/// Simulator:Instance, so a second simulator on the same machine can have data of its own.
/// Unset, the names every earlier run used, so existing data stays where it is.
/// </summary>
public static partial class DataVolumes
{
    public const string InstanceRules = "1-30 lowercase letters, digits or hyphens, starting with a letter or digit";

    public static string NameFor(string? instance, string resource) =>
        instance is { Length: > 0 } ? $"sails-simulator-{instance}-{resource}-data" : $"sails-simulator-{resource}-data";

    /// <summary>The named volumes the model's containers mount (after any renaming, as they will start).</summary>
    public static IReadOnlyList<string> MountedBy(DistributedApplicationModel model) =>
        model.Resources
            .SelectMany(resource => resource.Annotations.OfType<ContainerMountAnnotation>())
            .Where(mount => mount is { Type: ContainerMountType.Volume, Source: not null })
            .Select(mount => mount.Source!)
            .Distinct()
            .ToList();

    public static bool IsValidInstance(string instance) => InstanceShape().IsMatch(instance);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,29}$")]
    private static partial Regex InstanceShape();
}
