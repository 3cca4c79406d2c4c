using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Simulator.Tests.Topology;

/// <summary>A resource's log as the dashboard shows it.</summary>
public static class ResourceLog
{
    /// <summary>Completes when a line containing the text appears in the resource's log (lines already there count).</summary>
    public static Task LineAsync(DistributedApplication app, string resource, string text, CancellationToken cancellationToken) =>
        LinesAsync(app, resource, text, 1, cancellationToken);

    /// <summary>Completes with the first lines containing the text once there are that many (lines already there count).</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(DistributedApplication app, string resource, string text, int count, CancellationToken cancellationToken)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var found = new List<string>();
        await foreach (var batch in logs.WatchAsync(model.Resources.Single(r => r.Name == resource)).WithCancellation(cancellationToken))
        {
            found.AddRange(batch.Select(line => line.Content).Where(content => content.Contains(text, StringComparison.Ordinal)));
            if (found.Count >= count)
            {
                return found;
            }
        }

        throw new InvalidOperationException($"{resource}'s log ended with {found.Count} of {count} lines containing '{text}'");
    }
}
