using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Simulator.AppHost;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

/// <summary>Replicas that die come back by themselves, as under an orchestrator; stopped ones stay stopped.</summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class SelfHealingTests(TopologyFixture topology)
{
    [Fact]
    public async Task A_killed_replica_is_restarted_and_served_again_while_GETs_through_the_proxy_never_fail()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string victim = "sails-1";
            var killed = ContainerIdOf(victim);
            // A small answer arrives at nginx whole or not at all, so every GET the kill interrupts is one nginx
            // can still send to another replica; a long answer cut mid-way would fail in production too.
            var traffic = SteadyGets.Start(() => topology.Proxy.GetAsync("/healthz", CancellationToken.None));

            await DockerCommand.RunAsync("kill", killed);

            await ServingAgainInNewContainerAsync(victim, killed);
            await Bounded.EventuallyAsync(Bounded.HangLimit, $"the proxy serving {victim} again", async () =>
            {
                using var response = await topology.Proxy.GetAsync("/healthz");
                Assert.Equal(victim, SailsUser.ServedBy(response));
            });
            var failures = (await traffic.StopAsync()).Failures;

            Assert.True(failures.Count == 0, $"GETs through the proxy failed while {victim} was killed and restarted: {string.Join("; ", failures)}");
        });
    }

    /// <summary>
    /// Why a kill can cut an answer that no proxy can retry, in production as here: Sails answers a
    /// request with a session in two writes around the session's save in Redis (express-session sends
    /// all but the last byte, saves the session, then the last byte). Redis paused holds the answer
    /// between the two; the replica killed then, its client has a cut answer.
    /// </summary>
    [Fact]
    public async Task A_replica_killed_while_it_saves_a_session_leaves_its_answer_cut_before_the_last_byte()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string victim = "sails-2";
            var killed = ContainerIdOf(victim);
            var redis = ContainerIdOf("redis");
            using var direct = new HttpClient { BaseAddress = topology.App.GetEndpoint(victim, "http"), Timeout = Bounded.HangLimit };

            await DockerCommand.RunAsync("pause", redis);
            try
            {
                await Bounded.WithinAsync(Bounded.HangLimit, $"{victim}'s answer to a new session, cut by the kill", async token =>
                {
                    // No session cookie: the app starts a session, and saves it as it answers.
                    using var response = await direct.GetAsync("/csrfToken", HttpCompletionOption.ResponseHeadersRead, token);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var length = (int)(response.Content.Headers.ContentLength ?? throw new InvalidOperationException("no Content-Length"));
                    await using var body = await response.Content.ReadAsStreamAsync(token);
                    var answer = new byte[length];
                    await body.ReadExactlyAsync(answer.AsMemory(0, length - 1), token);

                    await DockerCommand.RunAsync("kill", killed);

                    await Assert.ThrowsAnyAsync<IOException>(async () => await body.ReadExactlyAsync(answer.AsMemory(length - 1), token));
                });
            }
            finally
            {
                await DockerCommand.RunAsync("unpause", redis);
            }

            await ServingAgainInNewContainerAsync(victim, killed);
        });
    }

    [Fact]
    public async Task A_replica_stopped_by_the_operator_stays_stopped_until_Start()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string stopped = "sails-3";
            using var watching = new CancellationTokenSource(Bounded.HangLimit);
            var leftAlone = ResourceLog.LineAsync(topology.App, stopped, SelfHealingSupervisor.LeftStoppedMessage, watching.Token);

            await topology.StopAsync(stopped);
            await Bounded.WithinAsync(Bounded.HangLimit, $"the AppHost saying it leaves {stopped} stopped", _ => leftAlone);

            var servedBy = await topology.ServedByAsync("/api/messages", 5 * TopologyFixture.Replicas, $"{stopped} was stopped");

            Assert.DoesNotContain(stopped, servedBy);
            Assert.Contains(Current(stopped).State?.Text, KnownResourceStates.TerminalStates);

            await topology.StartAsync(stopped);
            await topology.WaitUntilProxyServesEveryReplicaAsync();
        });
    }

    /// <summary>The AppHost restarting a killed replica, with no operator action: Healthy in a container other than <paramref name="killed"/>.</summary>
    private Task ServingAgainInNewContainerAsync(string replica, string killed) =>
        Bounded.WithinAsync(Bounded.HangLimit, $"{replica} Healthy again in a new container, with no operator action", token =>
            topology.App.ResourceNotifications.WaitForResourceAsync(replica,
                e => ProxyUpstream.IsServing(e.Snapshot) && e.Snapshot.ContainerId() != killed, token));

    private string ContainerIdOf(string resource) =>
        Current(resource).ContainerId() ?? throw new InvalidOperationException($"{resource} has no container id");

    private CustomResourceSnapshot Current(string resource) =>
        topology.App.ResourceNotifications.TryGetCurrentState(resource, out var current)
            ? current.Snapshot
            : throw new InvalidOperationException($"{resource} has no state");
}
