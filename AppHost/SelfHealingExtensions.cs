using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Simulator.AppHost;

/// <summary>Marks a container the AppHost restarts when it dies without the operator's Stop.</summary>
public sealed class SelfHealingAnnotation : IResourceAnnotation;

public static class SelfHealingExtensions
{
    /// <summary>
    /// A container that dies (killed, crashed, out of memory) is started again with back-off, as an
    /// orchestrator would; one stopped by the operator (the dashboard's Stop) stays stopped. Docker's
    /// restart policies cannot do it: `docker kill` counts as a manual stop, and DCP owns the container.
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithSelfHealing(this IResourceBuilder<ContainerResource> container)
    {
        container.ApplicationBuilder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SelfHealingSupervisor>());
        return container.WithAnnotation(new SelfHealingAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}
