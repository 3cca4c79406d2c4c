using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulator.SampleAppClient;

namespace Simulator.AppHost;

/// <summary>
/// Each change of each resource's state (starting, waiting, building, starting again once its waits
/// are over, running, exited, ...) and when it first turned healthy, one debug line each (category
/// Simulator.Timeline, off by default): what eng/measure-startup.sh reads to say where the seconds of a start go. The
/// moments are when the AppHost saw them, as Aspire's WaitFor does.
/// </summary>
public sealed class StartupTimeline(ResourceNotificationService notifications, ILoggerFactory loggers)
{
    public const string Category = "Simulator.Timeline";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    private readonly Dictionary<string, string> _states = [];
    private readonly HashSet<string> _healthy = [];

    public async Task WatchAsync(CancellationToken stoppingToken)
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
                var name = change.Resource.Name;
                if (snapshot.State?.Text is { Length: > 0 } state && _states.GetValueOrDefault(name) != state)
                {
                    _states[name] = state;
                    Note(name, state.ToLowerInvariant());
                }

                if (snapshot.HealthStatus == HealthStatus.Healthy && _healthy.Add(name))
                {
                    Note(name, "healthy");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Note(string resource, string milestone) =>
        _logger.LogDebug("{Prefix}{Resource} {Milestone} {UnixMilliseconds}",
            ConsoleContract.StartupTimeline, resource, milestone, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}

public static class StartupTimelineExtensions
{
    /// <summary>
    /// Watches from before the first resource starts: a hosted service of the AppHost would start only
    /// once Aspire has created every resource, the proxy last.
    /// </summary>
    public static IDistributedApplicationBuilder AddStartupTimeline(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((e, cancellation) =>
        {
            var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = ActivatorUtilities.CreateInstance<StartupTimeline>(e.Services).WatchAsync(stopping);
            return Task.CompletedTask;
        });
        return builder;
    }
}
