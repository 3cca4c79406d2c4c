namespace Simulator.AppHost;

public static class ResourceSnapshots
{
    /// <summary>The container a container resource runs in now (a new one after each start); null before it has one.</summary>
    public static string? ContainerId(this CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "container.id")?.Value?.ToString() is { Length: > 0 } id ? id : null;
}
