using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Simulator.AppHost;

namespace Simulator.Tests.AppModel;

/// <summary>The proxy's upstream list and the replicas' restart policy, without an engine.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class ProxyUpstreamTests
{
    [Fact]
    public void The_upstream_lists_exactly_the_serving_replicas_in_name_order()
    {
        var lines = ServerLines(NginxConfiguration.RenderUpstream(["sails-3", "sails-1"], SailsAppExtensions.AppPort));

        Assert.Equal(["server sails-1:1337 max_fails=1 fail_timeout=5s;", "server sails-3:1337 max_fails=1 fail_timeout=5s;"], lines);
    }

    [Fact]
    public void With_no_replica_serving_the_upstream_holds_a_local_placeholder_that_answers_503()
    {
        var lines = ServerLines(NginxConfiguration.RenderUpstream([], SailsAppExtensions.AppPort));
        var server = NginxConfiguration.Render(uploadMaxBytes: 1024, publicHttpsPort: 8443);

        Assert.Equal([$"server {NginxConfiguration.NoReplicaSocket};"], lines);
        Assert.Contains($"listen {NginxConfiguration.NoReplicaSocket};", server);
        Assert.Contains("return 503", server);
        Assert.Contains($"include {NginxConfiguration.UpstreamFolder}/{NginxConfiguration.UpstreamFileName};", server);
    }

    [Theory]
    [InlineData("Running", HealthStatus.Healthy, true)]
    [InlineData("Running", HealthStatus.Unhealthy, false)]
    [InlineData("Starting", null, false)]
    [InlineData("Stopping", HealthStatus.Healthy, false)]
    [InlineData("Exited", HealthStatus.Healthy, false)]
    public void Only_a_running_and_healthy_replica_is_serving(string state, HealthStatus? health, bool serving)
    {
        var snapshot = new CustomResourceSnapshot
        {
            ResourceType = "Container",
            Properties = [],
            State = state,
        }.WithHealthReports(health is { } status ? [new HealthReportSnapshot("http", status, null, null)] : []);

        Assert.Equal(serving, ProxyUpstream.IsServing(snapshot));
    }

    [Fact]
    public void Restarts_back_off_from_1_s_doubling_up_to_30_s()
    {
        var backoff = new RestartBackoff();

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.Next(TimeSpan.Zero)).ToList();

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], delays.Select(d => d.Attempt));
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays.Select(d => d.Delay.TotalSeconds));
    }

    [Fact]
    public void The_back_off_starts_over_once_the_container_had_stayed_healthy_for_a_minute()
    {
        var backoff = new RestartBackoff();
        backoff.Next(TimeSpan.Zero);
        backoff.Next(TimeSpan.FromSeconds(5));

        Assert.Equal((3, TimeSpan.FromSeconds(4)), backoff.Next(RestartBackoff.StableAfter - TimeSpan.FromSeconds(1)));
        Assert.Equal((1, RestartBackoff.First), backoff.Next(RestartBackoff.StableAfter));
    }

    [Fact]
    public async Task Every_replica_is_self_healing_and_nothing_else_is()
    {
        await using var model = await AppModel.BuildAsync();

        var selfHealing = model.Names.Where(name => model[name].Annotations.OfType<SelfHealingAnnotation>().Any());

        // The slots a scale-up starts (sails-4 … sails-6 by default) too.
        Assert.Equal(["sails-1", "sails-2", "sails-3", "sails-4", "sails-5", "sails-6"], selfHealing.Order());
    }

    [Fact]
    public async Task With_no_replica_healthy_the_running_ones_stay_listed_and_a_held_out_one_never_is()
    {
        using var lifetime = new CancellationTokenSource();
        var notifications = new ResourceNotificationService(
            NullLogger<ResourceNotificationService>.Instance, new StoppingLifetime(lifetime.Token), new ServiceCollection().BuildServiceProvider(), new ResourceLoggerService());
        string[] replicas = ["sails-1", "sails-2", "sails-3"];
        var resources = replicas.ToDictionary(name => name, name => new ContainerResource(name));
        var upstream = new ProxyUpstream("proxy", replicas, SailsAppExtensions.AppPort, notifications);
        async Task PublishAsync(string name, string state, HealthStatus health) =>
            await notifications.PublishUpdateAsync(resources[name], s => (s with { State = state })
                .WithHealthReports([new HealthReportSnapshot("http", health, null, null)]));

        await PublishAsync("sails-1", "Running", HealthStatus.Unhealthy);
        await PublishAsync("sails-2", "Exited", HealthStatus.Unhealthy);
        await PublishAsync("sails-3", "Running", HealthStatus.Unhealthy);
        Assert.Equal(["sails-1", "sails-3"], upstream.ServingReplicas());

        await PublishAsync("sails-3", "Running", HealthStatus.Healthy);
        Assert.Equal(["sails-3"], upstream.ServingReplicas());

        upstream.HoldOut("sails-3");
        Assert.Equal(["sails-1"], upstream.ServingReplicas());
        await lifetime.CancelAsync();
    }

    private sealed class StoppingLifetime(CancellationToken stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping;

        public CancellationToken ApplicationStopped => stopping;

        public void StopApplication()
        {
        }
    }

    private static string[] ServerLines(string upstream) =>
        upstream.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('#')).ToArray();
}
