namespace Simulator.AppHost;

public static class ContainerImageExtensions
{
    /// <summary>
    /// Swaps the image of a container for a configured reference (see ImageOptions): the upstream
    /// image of the catalog, its offline equivalent, or the user's own.
    /// </summary>
    public static IResourceBuilder<T> WithImageFrom<T>(this IResourceBuilder<T> builder, string reference)
        where T : ContainerResource =>
        // The reference carries its own registry (or none, for a local image), so the
        // resource's default registry must not be prefixed to it.
        builder.WithImageRegistry(null).WithImage(reference);
}
