using System.Net;
using Aspire.Hosting.ApplicationModel;
using Simulator.AppHost;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Rollouts;

/// <summary>
/// Rolling deploys of a changed app under steady load: the new version on every replica with no
/// failed request, sessions and sockets kept; a version that cannot lift rolled back; a failing
/// migration stopping the deploy before any replica is replaced.
/// </summary>
[Trait(Tier.Trait, Tier.Rollouts)]
[Collection(DeployTopologyCollection.Name)]
public sealed class DeployTests(DeployTopologyFixture topology)
{
    [Fact]
    public async Task A_changed_app_is_deployed_to_every_replica_with_no_failed_request_and_sockets_reconnect()
    {
        var old = await topology.VersionsAsync();
        File.WriteAllText(topology.PathInApp("assets/deployed.txt"), $"a change {Guid.NewGuid():N}\n");
        using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.Origin, topology.Authority);
        await using var subscriber = await ReconnectingSubscriber.ConnectAsync(topology.Origin, topology.PublicOrigin, user.CookieHeader, topology.Authority);
        var load = await SteadyLoad.StartAsync(topology.Origin, topology.Authority);

        var result = await Rollout.RunAsync(topology.Simulator, RolloutCommands.Deploy);

        var (requests, failures) = await load.StopAsync();
        Assert.True(result.Success, $"the deploy failed: {result.Message}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests failed during the deploy: {string.Join("; ", failures)}");
        var deployed = await topology.VersionsAsync();
        var version = Assert.Single(deployed.Values.Distinct());
        Assert.DoesNotContain(version, old.Values);
        Assert.Contains($"Deployed version {version}", result.Message);

        // The session signed in before the deploy still works, and the socket connected before it gets new messages.
        await Bounded.WithinAsync(Bounded.HangLimit, "a message created after the deploy reaching the socket connected before it", _ =>
            subscriber.ReceivesOneCreatedAsync(async text =>
            {
                using (await user.PostAsync("/api/messages", new { text }, HttpStatusCode.Created)) { }
            }));
        Assert.True(subscriber.Reconnections > 0, "the socket was never closed by the deploy: it could not have moved to the new version");
    }

    [Fact]
    public async Task A_version_that_cannot_lift_is_rolled_back_with_no_failed_request_and_the_reason_named()
    {
        var old = await topology.VersionsAsync();
        var settings = topology.PathInApp("lib/required-settings.js");
        var original = File.ReadAllText(settings);
        File.WriteAllText(settings, original.Replace(
            "const REQUIRED_SETTINGS = [",
            "const REQUIRED_SETTINGS = [\n  { path: 'custom.deployCanary', what: 'a setting only this broken version needs', valid: isNonEmptyString },",
            StringComparison.Ordinal));
        try
        {
            var load = await SteadyLoad.StartAsync(topology.Origin, topology.Authority);

            var result = await Rollout.RunAsync(topology.Simulator, RolloutCommands.Deploy, (RolloutCommands.HealthyWithinArgument, "120"));

            var (requests, failures) = await load.StopAsync();
            Assert.False(result.Success, "the deploy of a version that cannot lift succeeded");
            Assert.Contains("rolled back", result.Message);
            Assert.Contains("Missing required setting sails_custom__deployCanary", result.Message);
            Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests failed during the rollback: {string.Join("; ", failures)}");
            Assert.Equal(old, await topology.VersionsAsync());
            // The dashboard's rollouts resource ends on the failure, in the error style.
            Assert.True(topology.Simulator.ResourceNotifications.TryGetCurrentState(RolloutProgressWatch.Resource, out var progress));
            Assert.Equal(result.Message!.Split('\n')[0], progress.Snapshot.State?.Text);
            Assert.Equal(KnownResourceStateStyles.Error, progress.Snapshot.State?.Style);
        }
        finally
        {
            File.WriteAllText(settings, original);
        }
    }

    [Fact]
    public async Task A_failing_migration_stops_the_deploy_before_any_replica_is_replaced()
    {
        var containers = topology.ReplicaNames.ToDictionary(r => r, r => Rollout.ContainerId(topology.Simulator, r));
        var old = await topology.VersionsAsync();
        var migration = topology.PathInApp("migrations/9999999999999_fails.js");
        File.WriteAllText(migration, "exports.up = () => { throw new Error('this migration fails on purpose'); };\n");
        try
        {
            var result = await Rollout.RunAsync(topology.Simulator, RolloutCommands.Deploy);

            Assert.False(result.Success, "the deploy with a failing migration succeeded");
            Assert.Contains("its migration failed", result.Message);
            Assert.Contains("no replica was replaced", result.Message);
            Assert.Equal(containers, topology.ReplicaNames.ToDictionary(r => r, r => Rollout.ContainerId(topology.Simulator, r)));
            Assert.Equal(old, await topology.VersionsAsync());
        }
        finally
        {
            File.Delete(migration);
        }
    }
}
