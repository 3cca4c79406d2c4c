using System.Net;
using System.Net.WebSockets;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Simulator.Tests.Topology;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class TopologyTests(TopologyFixture topology)
{
    [Fact]
    public async Task Every_resource_becomes_healthy_after_the_migration_job_finishes_with_exit_code_0()
    {
        var migration = await Bounded.WithinAsync(TopologyFixture.HealthyWithin, "the migrate job finishing",
            token => topology.App.ResourceNotifications.WaitForResourceAsync("migrate",
                e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token));
        Assert.True(migration.Snapshot.ExitCode == 0,
            $"migrate ended {migration.Snapshot.State?.Text} with exit code {migration.Snapshot.ExitCode}; its log is in the dashboard");

        await topology.WaitUntilHealthyAsync();
    }

    [Fact]
    public async Task Thirty_GETs_through_the_proxy_are_served_by_every_replica()
    {
        await topology.WaitUntilHealthyAsync();

        var servedBy = new Dictionary<string, int>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await topology.Proxy.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var replica = Assert.Single(response.Headers.GetValues("X-Served-By"));
            servedBy[replica] = servedBy.GetValueOrDefault(replica) + 1;
        }

        Assert.Equal(TopologyFixture.ReplicaNames, servedBy.Keys.Order());
    }

    [Fact]
    public async Task Every_request_through_the_proxy_is_in_its_access_log_with_the_replica_that_served_it()
    {
        await topology.WaitUntilHealthyAsync();
        const int requests = 30;
        var mark = $"access-log-{Guid.NewGuid():N}";

        var servedBy = new Dictionary<string, string>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await topology.Proxy.GetAsync($"/healthz?{mark}={i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            servedBy[$"{mark}={i} "] = SailsUser.ServedBy(response);
        }

        // nginx writes its access log in batches (NginxConfiguration.AccessLogFlushSeconds): every line still comes.
        var lines = await Bounded.WithinAsync(Bounded.HangLimit, $"{requests} access log lines of the proxy",
            token => ResourceLog.LinesAsync(topology.App, "proxy", mark, requests, token));
        Assert.Equal(requests, lines.Count);
        foreach (var (request, replica) in servedBy)
        {
            var line = Assert.Single(lines, line => line.Contains(request, StringComparison.Ordinal));
            Assert.Contains($"served_by={replica} ", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_proxys_public_origin_is_the_one_origin_the_replicas_accept_sockets_from()
    {
        await topology.WaitUntilHealthyAsync();

        var accepted = await SocketHandshakeAsync(topology.PublicOrigin);
        Assert.True(accepted.StartsWith("0{", StringComparison.Ordinal), $"expected socket.io's open packet, got '{accepted}'");
        await Assert.ThrowsAsync<WebSocketException>(() => SocketHandshakeAsync("http://evil.example"));
    }

    /// <summary>A socket.io WebSocket handshake (wss://, through the proxy) as a page on that origin opens it; returns the first packet.</summary>
    private async Task<string> SocketHandshakeAsync(string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = topology.Authority.ValidationCallback;
        socket.Options.SetRequestHeader("Origin", origin);
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        var url = new Uri($"wss://localhost:{topology.ProxyHttpsPort}/socket.io/?__sails_io_sdk_version=1.2.1&EIO=3&transport=websocket");
        await socket.ConnectAsync(url, timeout.Token);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
