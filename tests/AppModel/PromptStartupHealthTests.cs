using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Simulator.AppHost;

namespace Simulator.Tests.AppModel;

/// <summary>Until a health check first says Healthy, one run of it tries again; from then on a failure is reported at once.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class PromptStartupHealthTests
{
    [Fact]
    public async Task A_check_that_turns_healthy_is_seen_healthy_in_the_same_run_and_a_later_failure_at_once()
    {
        var answers = new Queue<HealthStatus>([HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Healthy]);
        var builder = DistributedApplication.CreateBuilder();
        builder.AddPromptStartupHealth();
        builder.Services.AddHealthChecks().AddCheck("turns-healthy", () => new HealthCheckResult(answers.Dequeue()));
        await using var app = builder.Build();
        var health = app.Services.GetRequiredService<HealthCheckService>();
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);

        // Two failures, then Healthy: one run.
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(timeout.Token)).Status);
        Assert.Equal(2, answers.Count);

        // Once it has been healthy, a failure is the run's answer, not tried again.
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(timeout.Token)).Status);
        Assert.Single(answers);
    }
}
