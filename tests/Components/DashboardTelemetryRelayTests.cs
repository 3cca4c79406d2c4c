using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Simulator.AppHost;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Components;

/// <summary>
/// The relay that carries the replicas' telemetry to the dashboard, against its contract: a container
/// reaches a listener that only loopback can reach, both ways, bytes unchanged, and each side's end of
/// sending arrives at the other.
/// </summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class DashboardTelemetryRelayTests
{
    [Fact]
    public async Task A_container_talks_through_the_relay_to_a_loopback_only_listener_and_each_side_sees_the_others_end()
    {
        const string sent = "export request from a replica";
        const string answer = "export answer from the dashboard";
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        var port = LoopbackPort.Free();
        using var dashboard = new TcpListener(IPAddress.Loopback, port);
        dashboard.Start();
        await using var relay = new DashboardTelemetryRelay(NullLogger<DashboardTelemetryRelay>.Instance);

        var relayed = await relay.ForContainersAsync(new Uri($"http://localhost:{port}")).WaitAsync(timeout.Token);

        Assert.NotNull(relayed);
        Assert.False(IPAddress.IsLoopback(IPAddress.Parse(relayed.Host)), $"the relay listens on {relayed.Host}, which no container reaches");
        var received = AnswerOneConnectionAsync(dashboard, answer, timeout.Token);
        // Sends, ends its sending, then prints all it receives until the other side's end.
        var container = await DockerCommand.TryRunAsync("run", "--rm", TestImages.Node, "node", "-e", $$"""
            const socket = require('net').connect({{relayed.Port}}, '{{relayed.Host}}', () => socket.end('{{sent}}'));
            let got = '';
            socket.on('data', (chunk) => { got += chunk; });
            socket.on('end', () => { process.stdout.write(got); });
            socket.on('error', (e) => { console.error(e.message); process.exit(1); });
            """);
        Assert.True(container.ExitCode == 0, $"the container's connection failed: {container.Error}");
        Assert.Equal(answer, container.Output);
        Assert.Equal(sent, await received);
    }

    /// <summary>Reads until the client's end of sending, then answers and ends its own.</summary>
    private static async Task<string> AnswerOneConnectionAsync(TcpListener listener, string answer, CancellationToken cancellationToken)
    {
        using var client = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        using var request = new MemoryStream();
        await stream.CopyToAsync(request, cancellationToken);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), cancellationToken);
        client.Client.Shutdown(SocketShutdown.Send);
        return Encoding.ASCII.GetString(request.ToArray());
    }
}
