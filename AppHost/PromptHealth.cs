using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Simulator.AppHost;

/// <summary>
/// Aspire checks a resource that is not healthy yet again after 1, 2, 3, 4 and then every 5 s, so a
/// resource that turns healthy just after a check is seen up to 5 s late, and everything waiting on it
/// waits as long: in a start, each WaitFor (Postgres, then the replicas, then the proxy); later, every
/// restart, crash recovery, scale-up and deploy step, which wait for the new container to be healthy.
/// While a check's last answer was not Healthy (before the first, and after any failure), one run of it
/// tries again every 200 ms for up to 10 s before it reports the failure. While its last answer was
/// Healthy, it runs once per run, as Aspire schedules it, so a resource that turns unhealthy is
/// reported as promptly as without this. Healthy still means the check itself said Healthy.
/// </summary>
public static class PromptHealth
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(10);

    public static IDistributedApplicationBuilder AddPromptHealth(this IDistributedApplicationBuilder builder)
    {
        // After every registration is made (Aspire's own, for Postgres and Redis, too).
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                var check = registration.Factory;
                var history = new CheckHistory();
                registration.Factory = services => new UntilHealthy(check(services), history);
            }
        });
        return builder;
    }

    private sealed class CheckHistory
    {
        public volatile bool LastWasHealthy;
    }

    private sealed class UntilHealthy(IHealthCheck check, CheckHistory history) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var prompt = !history.LastWasHealthy;
            // Not Healthy unless this run says so, also when the check throws.
            history.LastWasHealthy = false;
            var started = Stopwatch.GetTimestamp();
            while (true)
            {
                var retry = prompt && Stopwatch.GetElapsedTime(started) + RetryEvery <= RetryFor;
                try
                {
                    var result = await check.CheckHealthAsync(context, cancellationToken);
                    if (result.Status == HealthStatus.Healthy)
                    {
                        history.LastWasHealthy = true;
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
