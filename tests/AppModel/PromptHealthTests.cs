using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Simulator.AppHost;

namespace Simulator.Tests.AppModel;

/// <summary>While a health check's last answer was not Healthy, one run of it tries again; while it was Healthy, a failure is reported at once.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class PromptHealthTests
{
    [Fact]
    public async Task A_check_is_seen_healthy_in_the_run_it_turns_healthy_at_the_start_and_after_a_failure_and_a_failure_at_once()
    {
        var answers = new Queue<HealthStatus>([
            HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Healthy,
            HealthStatus.Unhealthy,
            HealthStatus.Unhealthy, HealthStatus.Healthy]);
        var builder = DistributedApplication.CreateBuilder();
        builder.AddPromptHealth();
        builder.Services.AddHealthChecks().AddCheck("turns-healthy", () => new HealthCheckResult(answers.Dequeue()));
        await using var app = builder.Build();
        var health = app.Services.GetRequiredService<HealthCheckService>();
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);

        // At the start: two failures, then Healthy, in one run.
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(timeout.Token)).Status);
        Assert.Equal(3, answers.Count);

        // Once healthy, a failure is the run's answer, not tried again.
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(timeout.Token)).Status);
        Assert.Equal(2, answers.Count);

        // After a failure (a restart, a crash), the next run tries again until Healthy.
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(timeout.Token)).Status);
        Assert.Empty(answers);
    }
}
