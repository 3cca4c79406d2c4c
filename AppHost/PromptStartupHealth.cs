using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Simulator.AppHost;

/// <summary>
/// Aspire checks a resource that is not healthy yet again after 1, 2, 3, 4 and then every 5 s, so a
/// resource that turns healthy just after a check is seen up to 5 s late, and each WaitFor on it waits
/// as long: in a start, Postgres, then the replicas, then the proxy. Until a health check first reports
/// Healthy, one run of it tries again every 200 ms for up to 10 s before it reports the failure; from
/// then on it runs once per run, as Aspire schedules it, so a resource that turns unhealthy later is
/// reported as promptly as before. Healthy still means the check itself said Healthy.
/// </summary>
public static class PromptStartupHealth
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(10);

    public static IDistributedApplicationBuilder AddPromptStartupHealth(this IDistributedApplicationBuilder builder)
    {
        // After every registration is made (Aspire's own, for Postgres and Redis, too).
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                var check = registration.Factory;
                var history = new CheckHistory();
                registration.Factory = services => new UntilFirstHealthy(check(services), history);
            }
        });
        return builder;
    }

    private sealed class CheckHistory
    {
        public volatile bool WasHealthy;
    }

    private sealed class UntilFirstHealthy(IHealthCheck check, CheckHistory history) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            while (true)
            {
                var retry = !history.WasHealthy && Stopwatch.GetElapsedTime(started) + RetryEvery <= RetryFor;
                try
                {
                    var result = await check.CheckHealthAsync(context, cancellationToken);
                    if (result.Status == HealthStatus.Healthy)
                    {
                        history.WasHealthy = true;
                        return result;
                    }

                    if (!retry)
                    {
                        return result;
                    }
                }
                catch (Exception) when (retry && !cancellationToken.IsCancellationRequested)
                {
                    // As a failed result: tried again below; the last try's exception is reported as thrown.
                }

                await Task.Delay(RetryEvery, cancellationToken);
            }
        }
    }
}
