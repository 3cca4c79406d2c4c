using Simulator.AppHost;
using Simulator.Tests.Topology;
using Xunit.Abstractions;

namespace Simulator.Tests.Production;

/// <summary>Zero-downtime reloads and scaling at runtime, under steady load of every kind of request.</summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class RolloutTests(TopologyFixture topology, ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_replaces_every_replicas_container_one_at_a_time_and_no_request_fails_and_other_rollouts_wait()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            var before = TopologyFixture.ReplicaNames.ToDictionary(r => r, r => Rollout.ContainerId(topology.App, r));
            await using var progress = await RolloutProgressWatch.StartAsync(topology.App);
            var load = await SteadyLoad.StartAsync(topology.ProxyUri, topology.Authority);

            var reload = Rollout.RunAsync(topology.App, RolloutCommands.Reload);
            await Bounded.WithinAsync(Bounded.HangLimit, "the reload starting on sails-1", token => ResourceLog.LineAsync(topology.App, "sails-1", "reload 1/3", token));
            var deploy = await Rollout.RunAsync(topology.App, RolloutCommands.Deploy);
            var scale = await Rollout.ScaleAsync(topology.App, 2);
            var result = await reload;

            Assert.False(deploy.Success || scale.Success, "a deploy or a scale ran during the reload");
            Assert.Equal("A reload is running; wait until it ends before a deploy. Nothing was changed.", deploy.Message);
            Assert.Equal("A reload is running; wait until it ends before a scale. Nothing was changed.", scale.Message);

            var (requests, failures) = await load.StopAsync();
            output.WriteLine($"reload: {requests} requests, {failures.Count} failed, {load.Resent} sent again after the proxy's GOAWAY");
            Assert.True(result.Success, $"the reload failed: {result.Message}");
            Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests failed during the reload: {string.Join("; ", failures)}");
            foreach (var replica in TopologyFixture.ReplicaNames)
            {
                Assert.NotEqual(before[replica], Rollout.ContainerId(topology.App, replica));
            }

            Assert.Equal(TopologyFixture.ReplicaNames, Rollout.Serving(topology.App, TopologyFixture.ReplicaNames));
            await topology.WaitUntilProxyServesEveryReplicaAsync();

            // The dashboard showed each step on the rollouts' resource as it happened (the refusals changed nothing), then the result.
            var shown = await progress.UntilAsync(result.Message!);
            var steps = TopologyFixture.ReplicaNames.SelectMany((replica, i) => (string[])
            [
                $"reload {i + 1}/3: {replica} leaves the proxy's rotation; waiting for nginx to finish its requests",
                $"reload {i + 1}/3: stopping {replica} (the app drains its in-flight requests and sockets)",
                $"reload {i + 1}/3: starting {replica}, waiting until it is Healthy (at most {RolloutCommands.DefaultHealthyWithinSeconds} s)",
                $"reload {i + 1}/3: {replica} Healthy; back in the proxy's rotation",
            ]);
            Assert.Equal([.. steps, result.Message!], shown.Skip(1));
        });
    }

    [Fact]
    public async Task Scaling_3_to_1_to_4_under_load_fails_no_request_and_the_proxy_lists_exactly_the_running_replicas()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            var load = await SteadyLoad.StartAsync(topology.ProxyUri, topology.Authority);
            try
            {
                foreach (var count in (int[])[1, 4])
                {
                    var result = await Rollout.ScaleAsync(topology.App, count);

                    Assert.True(result.Success, $"scaling to {count} failed: {result.Message}");
                    var expected = SailsAppExtensions.ReplicaNames(count).ToList();
                    Assert.Equal(expected, Rollout.Serving(topology.App, SailsAppExtensions.ReplicaNames(6)));
                    Assert.Equal(expected, await Rollout.ProxyUpstreamAsync(topology.App));
                    var servedBy = await topology.ServedByAsync("/api/messages", 4 * count, $"scaled to {count}");
                    Assert.Subset(expected.ToHashSet(), servedBy.ToHashSet());
                }
            }
            finally
            {
                var (requests, failures) = await load.StopAsync();
                output.WriteLine($"scale 3 → 1 → 4: {requests} requests, {failures.Count} failed, {load.Resent} sent again after the proxy's GOAWAY");
                Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests failed while scaling: {string.Join("; ", failures)}");
            }

            // Back from 4 to 3 with Remove a replica (scale-down), which takes no number.
            var back = await Rollout.RunAsync(topology.App, RolloutCommands.ScaleDown);
            Assert.True(back.Success, $"removing a replica failed: {back.Message}");
            Assert.Equal(TopologyFixture.ReplicaNames, await Rollout.ProxyUpstreamAsync(topology.App));
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task Scaling_outside_1_to_Max_is_refused_in_one_line_and_changes_nothing(int count)
    {
        await topology.WaitUntilHealthyAsync();
        var containers = TopologyFixture.ReplicaNames.Select(r => Rollout.ContainerId(topology.App, r)).ToList();

        var result = await Rollout.ScaleAsync(topology.App, count);

        Assert.False(result.Success);
        Assert.Equal($"Cannot scale to {count}: choose between 1 and 6 (Simulator:Replicas:Max).", result.Message);
        Assert.Equal(containers, TopologyFixture.ReplicaNames.Select(r => Rollout.ContainerId(topology.App, r)));
    }

    [Fact]
    public async Task A_deploy_while_a_replica_is_stopped_by_the_operator_is_refused_in_one_line_and_changes_nothing()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            await topology.StopAsync("sails-2");
            var containers = TopologyFixture.ReplicaNames.Select(r => Rollout.ContainerId(topology.App, r)).ToList();

            var result = await Rollout.RunAsync(topology.App, RolloutCommands.Deploy);

            Assert.False(result.Success);
            Assert.Equal("sails-2 is not running (stopped by the operator?); start it, or scale down, first. Nothing was changed.", result.Message);
            Assert.Equal(containers, TopologyFixture.ReplicaNames.Select(r => Rollout.ContainerId(topology.App, r)));
        });
    }
}
