using System.Text.Json;
using SocketIOClient;
using SocketIOClient.Transport;

namespace Simulator.TrafficGenerator;

/// <summary>
/// A browser's socket as sails.io.js opens it (socket.io v2 / Engine.IO 3 over WebSocket, from
/// the proxy's origin), subscribed to new messages; counts the generator's own messages it receives.
/// </summary>
public sealed class SocketListener : IAsyncDisposable
{
    private static readonly TimeSpan ConnectWithin = TimeSpan.FromSeconds(60);

    private readonly SocketIO _socket;
    private readonly TrafficMetrics _metrics;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _counted;

    private SocketListener(SocketIO socket, TrafficMetrics metrics) => (_socket, _metrics) = (socket, metrics);

    /// <summary>The replica holding the socket, as it named itself when the subscription was made.</summary>
    public string Replica { get; private set; } = "";

    /// <summary>Completes when the server or the network closes the socket.</summary>
    public Task Closed => _closed.Task;

    public static async Task<SocketListener> ConnectAsync(TrafficRun run, CancellationToken cancellationToken)
    {
        var socket = new SocketIO(run.Options.ProxyUri, new SocketIOOptions
        {
            EIO = 3,
            Transport = TransportProtocol.WebSocket,
            AutoUpgrade = false,
            Reconnection = false,
            ConnectionTimeout = ConnectWithin,
            // The replicas accept sockets only from the proxy's public origin.
            ExtraHeaders = new Dictionary<string, string> { ["Origin"] = run.Options.ProxyUri.GetLeftPart(UriPartial.Authority) },
            Query = [new("__sails_io_sdk_version", "1.2.1"), new("__sails_io_sdk_platform", "node"), new("__sails_io_sdk_language", "javascript")],
        });
        var listener = new SocketListener(socket, run.Metrics);
        // ConnectAsync can return before socket.io's connect packet arrives; the event is the signal.
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnConnected += (_, _) => connected.TrySetResult();
        socket.OnError += (_, error) => connected.TrySetException(new IOException($"the socket to {run.Options.Url} was refused: {error}"));
        socket.OnDisconnected += (_, _) => listener._closed.TrySetResult();
        socket.On("message", response =>
        {
            var message = response.GetValue<JsonElement>();
            if (message.TryGetProperty("text", out var text) && text.GetString()?.StartsWith(run.MessagePrefix, StringComparison.Ordinal) == true)
            {
                run.Metrics.MessageDelivered(listener.Replica);
            }
        });

        try
        {
            await socket.ConnectAsync().WaitAsync(ConnectWithin, cancellationToken);
            await connected.Task.WaitAsync(ConnectWithin, cancellationToken);

            listener.Replica = await SubscribeAsync(socket, cancellationToken);
            run.Metrics.SocketOpened();
            listener._counted = true;
            return listener;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A sails.io.js virtual request: GET /api/messages/subscribe, answered by acknowledgement.</summary>
    private static async Task<string> SubscribeAsync(SocketIO socket, CancellationToken cancellationToken)
    {
        var answered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await socket.EmitAsync("get", ack => answered.TrySetResult(ack.GetValue<JsonElement>()),
            new { method = "get", url = "/api/messages/subscribe", headers = new { }, data = new { } });
        var answer = await answered.Task.WaitAsync(ConnectWithin, cancellationToken);
        var status = answer.GetProperty("statusCode").GetInt32();
        if (status != 200)
        {
            throw new IOException($"subscribing to messages answered {status}");
        }

        return answer.GetProperty("body").GetProperty("servedBy").GetString() ?? "unknown";
    }

    public async ValueTask DisposeAsync()
    {
        if (_counted)
        {
            _counted = false;
            _metrics.SocketClosed();
        }

        if (_socket.Connected)
        {
            await _socket.DisconnectAsync();
        }

        _socket.Dispose();
    }
}
