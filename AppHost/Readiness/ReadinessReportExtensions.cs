using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulator.AppHost.Readiness;

namespace Simulator.AppHost;

/// <summary>The readiness report in the dashboard: its state says how many findings, its log holds the table.</summary>
public sealed class ReadinessReportResource(string name) : Resource(name);

public static class ReadinessReportExtensions
{
    /// <summary>
    /// Inspects the app before anything starts, prints the report on the console and shows it
    /// as a resource in the dashboard. Informational: nothing waits for it.
    /// </summary>
    public static IResourceBuilder<ReadinessReportResource> AddReadinessReport(
        this IDistributedApplicationBuilder builder, string name, SailsAppFolder app)
    {
        var report = ReadinessReport.Inspect(app);
        var table = ReadinessTable.Render(report);

        var resource = builder.AddResource(new ReadinessReportResource(name))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Readiness report",
                State = new ResourceStateSnapshot(report.Summary,
                    report.Findings.Count == 0 ? KnownResourceStateStyles.Success : KnownResourceStateStyles.Warn),
                Properties = [new ResourcePropertySnapshot("app.path", app.Path)],
            })
            .ExcludeFromManifest();

        builder.Eventing.Subscribe<InitializeResourceEvent>(resource.Resource, (e, _) =>
        {
            foreach (var line in table)
            {
                e.Logger.LogInformation("{Line}", line);
            }

            return Task.CompletedTask;
        });
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").Log(
                report.Findings.Count == 0 ? LogLevel.Information : LogLevel.Warning,
                "{Report}", string.Join(Environment.NewLine, table));
            return Task.CompletedTask;
        });
        return resource;
    }
}
