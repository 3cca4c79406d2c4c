namespace Simulator.AppHost;

public static class ContainerImageExtensions
{
    /// <summary>
    /// Swaps the image of a container for a configured reference; an empty reference keeps the
    /// resource's default, so Aspire's own images are used where a registry answers.
    /// </summary>
    public static IResourceBuilder<T> WithImageFrom<T>(this IResourceBuilder<T> builder, string? reference)
        where T : ContainerResource
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return builder;
        }

        // The reference carries its own registry (or none, for a local image), so the
        // resource's default registry must not be prefixed to it.
        return builder.WithImageRegistry(null).WithImage(reference);
    }
}
