using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>
/// Open-source nginx resolves upstream names once, at (re)load. A replica that is stopped and
/// started again may come back at another address, so each time a replica turns Healthy
/// again the proxy reloads its configuration and so finds it.
/// </summary>
public sealed class ProxyUpstreamRefresher(
    string proxyName,
    IReadOnlySet<string> replicaNames,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    ILogger<ProxyUpstreamRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var healthy = new Dictionary<string, bool>();
        var everHealthy = new HashSet<string>();
        string? proxyContainer = null;

        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            var name = update.Resource.Name;
            if (name == proxyName)
            {
                proxyContainer = update.Snapshot.Properties.FirstOrDefault(p => p.Name == "container.id")?.Value?.ToString();
                continue;
            }

            if (!replicaNames.Contains(name))
            {
                continue;
            }

            var isHealthy = update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
            var cameBack = isHealthy && !healthy.GetValueOrDefault(name) && !everHealthy.Add(name);
            healthy[name] = isHealthy;
            if (cameBack && proxyContainer is { Length: > 0 })
            {
                await ReloadAsync(proxyContainer, name, stoppingToken);
            }
        }
    }

    private async Task ReloadAsync(string container, string replica, CancellationToken cancellationToken)
    {
        var log = resourceLogs.GetLogger(proxyName);
        using var docker = Process.Start(new ProcessStartInfo("docker", ["exec", container, "nginx", "-s", "reload"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = await docker.StandardError.ReadToEndAsync(cancellationToken);
        await docker.WaitForExitAsync(cancellationToken);
        if (docker.ExitCode == 0)
        {
            log.LogInformation("simulator: {Replica} is healthy again; nginx reloaded to resolve its address", replica);
        }
        else
        {
            log.LogWarning("simulator: nginx reload after {Replica} came back failed: {Error}", replica, error.Trim());
            logger.LogWarning("nginx reload after {Replica} came back failed: {Error}", replica, error.Trim());
        }
    }
}
