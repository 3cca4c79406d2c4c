using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Simulator.Tests.Topology;

/// <summary>A resource's log as the dashboard shows it.</summary>
public static class ResourceLog
{
    /// <summary>Completes when a line containing the text appears in the resource's log (lines already there count).</summary>
    public static async Task LineAsync(DistributedApplication app, string resource, string text, CancellationToken cancellationToken)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        await foreach (var batch in logs.WatchAsync(model.Resources.Single(r => r.Name == resource)).WithCancellation(cancellationToken))
        {
            if (batch.Any(line => line.Content.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }
        }
    }
}
