using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulator.SampleAppClient;

namespace Simulator.AppHost;

/// <summary>
/// When each resource first ran, turned healthy and exited, one debug line each (category
/// Simulator.Timeline, off by default): what eng/measure-startup.sh and eng/benchmark.sh read
/// to say where the seconds of a start go. The moments are when the AppHost saw them, as Aspire's
/// WaitFor does.
/// </summary>
public sealed class StartupTimeline(ResourceNotificationService notifications, ILoggerFactory loggers) : BackgroundService
{
    public const string Category = "Simulator.Timeline";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    private readonly HashSet<(string Resource, string Milestone)> _seen = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                var snapshot = change.Snapshot;
                var state = snapshot.State?.Text;
                if (state == KnownResourceStates.Running)
                {
                    Note(change.Resource.Name, "running");
                    if (snapshot.HealthStatus == HealthStatus.Healthy)
                    {
                        Note(change.Resource.Name, "healthy");
                    }
                }
                else if (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished)
                {
                    Note(change.Resource.Name, "exited");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Note(string resource, string milestone)
    {
        if (_seen.Add((resource, milestone)))
        {
            _logger.LogDebug("{Prefix}{Resource} {Milestone} {UnixMilliseconds}",
                ConsoleContract.StartupTimeline, resource, milestone, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
    }
}

public static class StartupTimelineExtensions
{
    public static IDistributedApplicationBuilder AddStartupTimeline(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddHostedService<StartupTimeline>();
        return builder;
    }
}
