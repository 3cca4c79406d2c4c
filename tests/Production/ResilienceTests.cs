using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class ResilienceTests(TopologyFixture topology)
{
    [Fact]
    public async Task A_crashed_process_is_restarted_by_PM2_while_the_proxy_keeps_serving()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string victim = "sails-1";
            using var direct = new HttpClient { BaseAddress = topology.App.GetEndpoint(victim, "http"), Timeout = Bounded.HangLimit };
            var pidBefore = await ReplicaProcess.PidAsync(direct);

            using (var crash = await direct.PostAsync("/__fault/crash", null))
            {
                Assert.Equal(HttpStatusCode.Accepted, crash.StatusCode);
            }

            var failures = new List<string>();
            var restartedWithin = Bounded.HangLimit;
            var deadline = DateTime.UtcNow + restartedWithin;
            int? pidAfter = null;
            while (DateTime.UtcNow < deadline && pidAfter is null)
            {
                using var response = await topology.Proxy.GetAsync("/api/messages");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} from {SailsUser.ServedBy(response)}");
                }

                pidAfter = await ReplicaProcess.TryPidAsync(direct) is { } pid && pid != pidBefore ? pid : null;
            }

            Assert.True(pidAfter is not null, $"{victim}'s process (pid {pidBefore}) was not replaced by a new one within {restartedWithin.TotalSeconds} s");
            Assert.True(failures.Count == 0, $"GETs through the proxy failed while {victim} restarted: {string.Join("; ", failures)}");
            await Bounded.EventuallyAsync(Bounded.HangLimit, $"{victim}'s new process (pid {pidAfter}) answering /readyz 200", async () =>
            {
                using var ready = await direct.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            });
        });
    }

    [Fact]
    public async Task The_proxy_fails_over_when_a_replica_stops_and_uses_it_again_when_it_starts()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string stopped = "sails-2";

            await topology.StopAsync(stopped);

            var servedBy = await topology.ServedByAsync("/api/messages", 20, $"{stopped} was stopped");

            Assert.DoesNotContain(stopped, servedBy);

            await topology.StartAsync(stopped);
        });
    }

    [Fact]
    public async Task The_proxy_restarted_while_a_replica_is_stopped_serves_the_others_and_that_replica_again_once_started()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            const string stopped = "sails-2";
            await topology.StopAsync(stopped);

            await topology.RestartAsync("proxy");

            var servedBy = await topology.ServedByAsync("/api/messages", 5 * TopologyFixture.Replicas, $"the proxy had restarted with {stopped} stopped");

            Assert.Equal(TopologyFixture.ReplicaNames.Where(r => r != stopped), servedBy.Order());

            // Started again, it is served again with no action on the proxy.
            await topology.StartAsync(stopped);
            await topology.WaitUntilProxyServesEveryReplicaAsync();
        });
    }

    [Fact]
    public async Task Sessions_data_and_uploads_survive_restarts_of_redis_postgres_and_the_object_store()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri, topology.Authority);
            var text = $"kept across backing restarts {Guid.NewGuid():N}";
            using (await user.PostAsync("/api/messages", new { text }, HttpStatusCode.Created)) { }
            var bytes = RandomNumberGenerator.GetBytes(256 * 1024);
            using var created = await user.UploadAsync(bytes, "kept.bin", "application/octet-stream", HttpStatusCode.Created);
            var uploadId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            var backAgainWithin = Bounded.HangLimit;

            await topology.RestartAsync("redis");
            await Bounded.EventuallyAsync(backAgainWithin, "the session being valid after Redis restarted", async () =>
            {
                using var me = await user.GetAsync("/api/me");
                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
                Assert.Equal(user.Email, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
            });

            await topology.RestartAsync("postgres");
            await Bounded.EventuallyAsync(backAgainWithin, "the message being listed after Postgres restarted", async () =>
            {
                using var list = await user.GetAsync("/api/messages");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                Assert.Contains((await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), m => m.GetProperty("text").GetString() == text);
            });

            await topology.RestartAsync("storage");
            await Bounded.EventuallyAsync(backAgainWithin, "the upload downloading after the object store restarted", async () =>
            {
                using var download = await user.GetAsync($"/api/uploads/{uploadId}");
                Assert.Equal(HttpStatusCode.OK, download.StatusCode);
                Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
            });
        });
    }
}
