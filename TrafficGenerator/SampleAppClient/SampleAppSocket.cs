using System.Text.Json;
using SocketIOClient;
using SocketIOClient.Transport;

namespace Simulator.SampleAppClient;

/// <summary>
/// A browser's socket as sails.io.js opens it: socket.io v2 (Engine.IO 3, which Sails 1.5 speaks)
/// over WebSocket (wss:// through the proxy, trusting the product's CA), from a page's origin (the
/// replicas accept only the proxy's), with the sails.io.js SDK's query. Subscribed to new messages, it raises <see cref="MessageReceived"/> for each.
/// </summary>
public sealed class SampleAppSocket : IAsyncDisposable
{
    private readonly SocketIO _socket;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleAppSocket(SocketIO socket)
    {
        _socket = socket;
        socket.OnDisconnected += (_, _) => _closed.TrySetResult();
        socket.On("message", response => MessageReceived?.Invoke(response.GetValue<JsonElement>()));
    }

    /// <summary>A new message (the app's JSON record, with its "text"), once subscribed.</summary>
    public event Action<JsonElement>? MessageReceived;

    /// <summary>Completes when the server or the network closes the socket.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Opens the socket through <paramref name="url"/> (the proxy) as a page of <paramref name="origin"/>
    /// would, with the session's cookie when given, over wss:// trusting <paramref name="authority"/>
    /// when the URL is https; returns once socket.io's connect arrived.
    /// Throws when the server refuses the handshake (e.g. a foreign origin).
    /// </summary>
    public static async Task<SampleAppSocket> ConnectAsync(
        Uri url, string origin, string? cookie, ProductCertificateAuthority? authority, TimeSpan connectionTimeout, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string> { ["Origin"] = origin };
        if (!string.IsNullOrEmpty(cookie))
        {
            headers["Cookie"] = cookie;
        }

        var socket = new SocketIO(url, new SocketIOOptions
        {
            EIO = 3,
            Transport = TransportProtocol.WebSocket,
            AutoUpgrade = false,
            Reconnection = false,
            ConnectionTimeout = connectionTimeout,
            ExtraHeaders = headers,
            Query = [new("__sails_io_sdk_version", "1.2.1"), new("__sails_io_sdk_platform", "node"), new("__sails_io_sdk_language", "javascript")],
        });
        if (authority is not null)
        {
            socket.ClientWebSocketProvider = () => new TrustingWebSocket(authority.ValidationCallback);
        }

        var client = new SampleAppSocket(socket);

        // SocketIOClient 3.0.6's ConnectAsync returns once the WebSocket is open (the proxy's 101),
        // before socket.io's CONNECT packet arrives; `Connected` turns true only then: await that event.
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnConnected += (_, _) => connected.TrySetResult();
        socket.OnError += (_, error) => connected.TrySetException(new IOException($"the socket from {origin} to {url} was refused: {error}"));
        socket.OnDisconnected += (_, reason) => connected.TrySetException(new IOException($"the socket from {origin} to {url} was closed before connecting: {reason}"));
        try
        {
            await socket.ConnectAsync().WaitAsync(cancellationToken);
            await connected.Task.WaitAsync(cancellationToken);
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A sails.io.js virtual request, GET /api/messages/subscribe, answered by acknowledgement:
    /// its status, and the replica that holds the socket (the body's servedBy).
    /// </summary>
    public async Task<Subscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        var answered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _socket.EmitAsync("get", ack => answered.TrySetResult(ack.GetValue<JsonElement>()),
            new { method = "get", url = SampleAppApi.MessagesSubscribePath, headers = new { }, data = new { } });
        var answer = await answered.Task.WaitAsync(cancellationToken);
        var servedBy = answer.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("servedBy", out var replica) ? replica.GetString() : null;
        return new Subscription(answer.GetProperty("statusCode").GetInt32(), servedBy);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.Connected)
        {
            await _socket.DisconnectAsync();
        }

        _socket.Dispose();
    }

    /// <summary>The subscription's answer: its status code and the replica holding the socket.</summary>
    public sealed record Subscription(int StatusCode, string? ServedBy);
}
