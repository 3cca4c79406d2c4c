using Simulator.SampleAppClient;

namespace Simulator.TrafficGenerator;

/// <summary>
/// A browser's socket from the proxy's origin (<see cref="SampleAppSocket"/>), subscribed to new
/// messages; counts the generator's own messages it receives.
/// </summary>
public sealed class SocketListener : IAsyncDisposable
{
    private static readonly TimeSpan ConnectWithin = TimeSpan.FromSeconds(60);

    private readonly SampleAppSocket _socket;
    private readonly TrafficMetrics _metrics;
    private bool _counted;

    private SocketListener(SampleAppSocket socket, TrafficMetrics metrics) => (_socket, _metrics) = (socket, metrics);

    /// <summary>The replica holding the socket, as it named itself when the subscription was made.</summary>
    public string Replica { get; private set; } = "";

    /// <summary>Completes when the server or the network closes the socket.</summary>
    public Task Closed => _socket.Closed;

    public static async Task<SocketListener> ConnectAsync(TrafficRun run, CancellationToken cancellationToken)
    {
        using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        within.CancelAfter(ConnectWithin);
        // The replicas accept sockets only from the proxy's public origin.
        var socket = await SampleAppSocket.ConnectAsync(
            run.Options.ProxyUri, run.Options.ProxyUri.GetLeftPart(UriPartial.Authority), cookie: null, run.Authority, ConnectWithin, within.Token);
        var listener = new SocketListener(socket, run.Metrics);
        socket.MessageReceived += message =>
        {
            if (message.TryGetProperty("text", out var text) && text.GetString()?.StartsWith(run.MessagePrefix, StringComparison.Ordinal) == true)
            {
                run.Metrics.MessageDelivered(listener.Replica);
            }
        };

        try
        {
            var subscription = await socket.SubscribeAsync(within.Token);
            if (subscription.StatusCode != 200)
            {
                throw new IOException($"subscribing to messages answered {subscription.StatusCode}");
            }

            listener.Replica = subscription.ServedBy ?? "unknown";
            run.Metrics.SocketOpened();
            listener._counted = true;
            return listener;
        }
        catch
        {
            await socket.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_counted)
        {
            _counted = false;
            _metrics.SocketClosed();
        }

        await _socket.DisposeAsync();
    }
}
