using Simulator.Tests.Production;
using Simulator.Tests.Topology;
using Xunit.Abstractions;

namespace Simulator.Tests.Swarm;

/// <summary>
/// The production behaviours, proven again on the published stack on a multi-node swarm: Swarm
/// spreads the replicas over the nodes, replaces them and rolls them to a new image; its nginx, the
/// only entry point, follows them through DNS over the overlay network.
/// </summary>
[Trait(Tier.Trait, Tier.Swarm)]
[Collection(SwarmCollection.Name)]
public sealed class SwarmStackTests(SwarmStackFixture swarm, ITestOutputHelper output)
{
    [Fact]
    public Task Session_created_on_one_replica_is_valid_on_every_replica() =>
        ReplicaBehaviours.SessionIsValidOnEveryReplicaAsync(swarm.ProxyUri, swarm.Authority, SwarmStackFixture.ReplicaNames);

    [Fact]
    public Task A_message_created_on_one_replica_reaches_socket_clients_on_the_others() =>
        ReplicaBehaviours.MessageReachesSocketsOnOtherReplicasAsync(swarm.ProxyUri, swarm.PublicOrigin, swarm.Authority);

    [Fact]
    public Task An_upload_downloads_as_the_same_bytes_from_every_replica() =>
        ReplicaBehaviours.UploadDownloadsFromEveryReplicaAsync(swarm.ProxyUri, swarm.Authority, SwarmStackFixture.ReplicaNames);

    [Fact]
    public void The_deployment_spread_the_replicas_over_every_node_the_overlay_network_joins()
    {
        var tasks = swarm.PlacementAtDeploy;
        output.WriteLine(swarm.Topology);
        output.WriteLine($"replicas per node: {string.Join(", ", tasks.GroupBy(t => t.Node).Select(g => $"{g.Key}: {g.Count()}"))}");

        // Swarm spreads a service's tasks over the nodes: one replica on each of the three; with the
        // workers drained (no overlay between the nodes), all on the manager.
        string[] nodes = swarm.MultiNode ? [.. swarm.Nodes.NodeNames] : [swarm.Nodes.NodeNames[0]];
        Assert.Equal(nodes.Order(), tasks.Select(t => t.Node).Distinct().Order());
    }

    [Fact]
    public async Task A_killed_replica_task_is_replaced_by_Swarm_while_GETs_through_the_proxy_never_fail()
    {
        using var user = await SailsUser.SignedUpAndLoggedInAsync(swarm.ProxyUri, swarm.Authority);
        // A replica on a worker node, if one is: its replacement and the traffic cross the overlay network.
        var tasks = await swarm.ReplicaTasksAsync();
        var killed = tasks.FirstOrDefault(t => t.Node != swarm.Nodes.NodeNames[0], tasks[0]);
        // An answer written in one piece: a GET that meets the killed replica fails before any byte of
        // its answer reached the client, and nginx retries it on another replica. Not a path with a
        // session: Sails answers those in two writes around the session's save in Redis (express-session
        // sends all but the last byte, saves or touches the session, then the last byte), and SIGKILL
        // between the two cuts the answer mid-body, which no proxy can retry, here as in production.
        // /healthz has no session (config/session.js).
        var traffic = SteadyGets.Start(() => user.GetAsync("/healthz"));

        await swarm.KillAsync(killed);
        await Bounded.EventuallyAsync(Bounded.HangLimit, "Swarm replacing the killed replica with a healthy one", async () =>
        {
            var tasks = await swarm.ReplicaTasksAsync();
            Assert.DoesNotContain(tasks, t => t.Id == killed.Id);
            Assert.Equal(SwarmStackFixture.Replicas, tasks.Count(t => t.State.StartsWith("Running", StringComparison.Ordinal)));
        });
        await swarm.WaitUntilProxyServesEveryReplicaAsync(Bounded.HangLimit);
        var result = await traffic.StopAsync();

        output.WriteLine($"{swarm.Topology}; while the replica on {killed.Node} was killed and replaced: {result.Summary}");
        Assert.True(result.Requests > 0 && result.Failures.Count == 0, $"while a replica was killed and replaced: {result.Summary}");
    }

    [Fact]
    public async Task A_rolling_update_to_a_new_image_fails_no_request()
    {
        using var user = await SailsUser.SignedUpAndLoggedInAsync(swarm.ProxyUri, swarm.Authority);
        var traffic = SteadyGets.Start(() => user.GetAsync("/api/me"));

        // Returns once Swarm reports the service converged: every task replaced, one at a time, start-first.
        await DockerCommand.RunAsync("service", "update", "--quiet", "--no-resolve-image", "--image", swarm.AppImage(2), swarm.Service("sails"));
        await swarm.WaitUntilEveryReplicaIsRunningAsync(Bounded.HangLimit);
        await swarm.WaitUntilProxyServesEveryReplicaAsync(Bounded.HangLimit);
        var result = await traffic.StopAsync();

        output.WriteLine($"{swarm.Topology}; during the rolling update: {result.Summary}");
        Assert.Equal(Enumerable.Repeat(swarm.AppImage(2), SwarmStackFixture.Replicas),
            await DockerCommand.LinesAsync("service", "ps", "--filter", "desired-state=running", "--format", "{{.Image}}", swarm.Service("sails")));
        Assert.True(result.Requests > 0 && result.Failures.Count == 0, $"during the rolling update: {result.Summary}");
    }
}
