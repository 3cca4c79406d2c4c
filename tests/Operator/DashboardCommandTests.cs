using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Simulator.AppHost;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Operator;

/// <summary>The replicas' dashboard commands, invoked as the dashboard invokes them.</summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class DashboardCommandTests(TopologyFixture topology)
{
    [Fact]
    public async Task Each_replica_offers_Crash_process_once_beside_Aspires_own_Start_Stop_and_Restart()
    {
        await topology.WaitUntilHealthyAsync();

        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            var commands = await CommandsAsync(replica);
            Assert.Equal(commands.Distinct(), commands);
            Assert.Contains(DashboardCommands.CrashProcess, commands);
            Assert.Contains(KnownResourceCommands.StartCommand, commands);
            Assert.Contains(KnownResourceCommands.StopCommand, commands);
            Assert.Contains(KnownResourceCommands.RestartCommand, commands);
        }

        Assert.Contains(DashboardCommands.RunLoadTest, await CommandsAsync("proxy"));
    }

    [Fact]
    public async Task Crash_process_kills_the_replicas_process_and_PM2_starts_a_new_one()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string victim = "sails-3";
            using var direct = new HttpClient { BaseAddress = topology.App.GetEndpoint(victim, "http"), Timeout = Bounded.HangLimit };
            var pidBefore = await ReplicaProcess.PidAsync(direct);

            await topology.RunCommandAsync(victim, DashboardCommands.CrashProcess);

            await Bounded.EventuallyAsync(Bounded.HangLimit, $"{victim} answering from a process other than pid {pidBefore}", async () =>
                Assert.NotEqual(pidBefore, await ReplicaProcess.PidAsync(direct)));
        });
    }

    [Fact]
    public async Task Stop_takes_a_replica_out_of_the_proxy_and_Start_brings_it_back()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string replica = "sails-1";

            await topology.StopAsync(replica);

            var servedBy = new HashSet<string>();
            for (var i = 0; i < 3 * TopologyFixture.Replicas; i++)
            {
                using var response = await topology.Proxy.GetAsync("/healthz");
                Assert.True(response.IsSuccessStatusCode, $"GET /healthz through the proxy answered {(int)response.StatusCode} while {replica} was stopped");
                servedBy.Add(SailsUser.ServedBy(response));
            }

            Assert.DoesNotContain(replica, servedBy);

            await topology.StartAsync(replica);
        });
    }

    /// <summary>The names of the commands the dashboard lists for a resource, hidden ones included.</summary>
    private async Task<List<string>> CommandsAsync(string resource)
    {
        var current = await Bounded.WithinAsync(Bounded.HangLimit, $"{resource}'s commands being published", token =>
            topology.App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.Commands.Length > 0, token));
        return current.Snapshot.Commands.Select(c => c.Name).ToList();
    }
}
