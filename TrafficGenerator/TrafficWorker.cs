using Microsoft.Extensions.Options;

namespace Simulator.TrafficGenerator;

/// <summary>The "traffic" resource's work: steady traffic through the proxy until the resource is stopped.</summary>
public sealed class TrafficWorker(
    IOptions<TrafficOptions> options,
    TrafficMetrics metrics,
    ILogger<TrafficWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var authority = settings.LoadAuthority();
        using var http = SailsSession.CreateMeasuredHttpClient(authority, metrics);
        using var run = new TrafficRun(settings, authority, http, metrics, logger, abandon: stoppingToken);
        logger.LogInformation(
            "{Users} virtual users and {Sockets} sockets against {Url}, at most {Rate} requests/s (0: unlimited)",
            settings.Concurrency, settings.Sockets, settings.Url, settings.RatePerSecond);
        var sockets = await run.OpenSocketsAsync(stoppingToken);
        await run.RunUsersAsync(stoppingToken);
        await sockets;
        logger.LogInformation("Virtual users stopped and sockets closed");
    }
}
