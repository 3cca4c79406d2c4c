using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Simulator.AppHost;
using Simulator.Tests.Topology;
using Xunit.Abstractions;

namespace Simulator.Tests.Proxy;

/// <summary>
/// The proxy reloads whenever a replica joins or leaves its rotation. After a reload, nginx's old
/// workers shut down; one cut by worker_shutdown_timeout would fail the requests in flight on it.
/// </summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class ProxyReloadTests(TopologyFixture topology, ITestOutputHelper output)
{
    private static readonly TimeSpan ShutdownLimit = TimeSpan.FromSeconds(NginxConfiguration.WorkerShutdownSeconds);

    [Fact]
    public async Task An_HTTP2_connection_opened_before_a_reload_is_ended_with_GOAWAY_well_before_the_old_workers_are_cut_off_and_no_request_fails()
    {
        await topology.WaitUntilHealthyAsync();
        var clock = Stopwatch.StartNew();
        var opened = new List<TimeSpan>();
        var connected = new TaskCompletionSource();
        var reloaded = new TaskCompletionSource();
        var handler = topology.Authority.CreateHandler();
        handler.ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, token);
            int count;
            lock (opened)
            {
                opened.Add(clock.Elapsed);
                count = opened.Count;
            }

            if (count == 1)
            {
                // The first connection's TLS handshake and HTTP/2 start once its worker is shutting
                // down: nginx 1.26 leaves such a connection on that worker, unaware of the shutdown.
                connected.SetResult();
                await reloaded.Task.WaitAsync(token);
            }

            return new NetworkStream(socket, ownsSocket: true);
        };
        using var client = new HttpClient(handler)
        {
            BaseAddress = topology.ProxyUri,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Bounded.HangLimit,
        };

        var first = client.GetAsync("/healthz");
        await connected.Task.WaitAsync(Bounded.HangLimit);
        var proxy = Rollout.ContainerId(topology.App, "proxy") ?? throw new InvalidOperationException("the proxy has no container");
        await DockerCommand.RunAsync("exec", proxy, "nginx", "-s", "reload");
        var reloadedAt = clock.Elapsed;
        // The master starts new workers, then tells the old ones to shut down; one of them holds the
        // connection, still before its TLS handshake, and so cannot exit yet.
        await Bounded.EventuallyAsync(Bounded.HangLimit, "an old nginx worker shutting down while holding the connection", async () =>
            Assert.Contains("worker process is shutting down", await DockerCommand.RunAsync("exec", proxy, "sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '")));
        reloaded.SetResult();

        var failures = new List<string>();
        var requests = 0;
        for (var request = first; ; request = client.GetAsync("/healthz"))
        {
            requests++;
            try
            {
                using var response = await request;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{clock.Elapsed - reloadedAt:ss\\.fff} s after the reload: {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{clock.Elapsed - reloadedAt:ss\\.fff} s after the reload: {e.Message}");
            }

            // Past the old workers' shutdown limit: a connection they kept would have been cut by now.
            if (clock.Elapsed - reloadedAt > ShutdownLimit + TimeSpan.FromSeconds(5))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} GETs failed: {string.Join("; ", failures)}");
        Assert.True(opened.Count >= 2, $"the connection opened before the reload served all {requests} GETs: nginx never ended it");
        var replacedAfter = opened[1] - reloadedAt;
        output.WriteLine($"{requests} GETs, 0 failed; the connection opened before the reload was replaced {replacedAfter.TotalSeconds:0.0} s after it");
        Assert.True(replacedAfter < ShutdownLimit - TimeSpan.FromSeconds(5),
            $"the connection opened before the reload was replaced {replacedAfter.TotalSeconds:0.0} s after it, too close to the old workers' cut at {ShutdownLimit.TotalSeconds:0} s");
    }
}
