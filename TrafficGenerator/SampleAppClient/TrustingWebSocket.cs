using System.Net.Security;
using System.Net.WebSockets;
using System.Reactive.Subjects;
using System.Text;
using SocketIOClient.Transport;

namespace Simulator.SampleAppClient;

/// <summary>
/// SocketIOClient 3.0.6's WebSocket transport over a ClientWebSocket whose TLS validation is ours:
/// the library's own one (SystemNetWebSocketsClientWebSocket) creates its ClientWebSocket privately,
/// so no certificate callback can reach it. Frames are read and handed on as the library expects:
/// text as text, binary without Engine.IO 3's leading type byte, a close or a failure as an error.
/// </summary>
internal sealed class TrustingWebSocket : IClientWebSocket
{
    private readonly ClientWebSocket _socket = new();
    private readonly Subject<string> _text = new();
    private readonly Subject<byte[]> _bytes = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _sending = new(1, 1);

    public TrustingWebSocket(RemoteCertificateValidationCallback validation) =>
        _socket.Options.RemoteCertificateValidationCallback = validation;

    public IObservable<string> TextObservable => _text;

    public IObservable<byte[]> BytesObservable => _bytes;

    public async Task ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(uri, cancellationToken);
        _ = Task.Run(ReceiveAsync);
    }

    public Task DisconnectAsync(CancellationToken cancellationToken) =>
        _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken);

    public async Task SendAsync(byte[] bytes, TransportMessageType type, bool endOfMessage, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            var kind = type == TransportMessageType.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            await _socket.SendAsync(bytes, kind, endOfMessage, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public void AddHeader(string key, string val) => _socket.Options.SetRequestHeader(key, val);

    private async Task ReceiveAsync()
    {
        var buffer = new byte[8 * 1024];
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                using var message = new MemoryStream();
                ValueWebSocketReceiveResult frame;
                do
                {
                    frame = await _socket.ReceiveAsync(buffer.AsMemory(), _closing.Token);
                    message.Write(buffer, 0, frame.Count);
                }
                while (!frame.EndOfMessage);

                switch (frame.MessageType)
                {
                    case WebSocketMessageType.Text:
                        _text.OnNext(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                        break;
                    case WebSocketMessageType.Binary:
                        // Engine.IO 3 (the only one Sails 1.5 speaks) prefixes binary frames with their packet type.
                        _bytes.OnNext(message.ToArray()[1..]);
                        break;
                    default:
                        _text.OnError(new WebSocketException("Received a Close message"));
                        return;
                }
            }
        }
        catch (Exception e)
        {
            // Once disposed, nobody listens any more.
            if (!_closing.IsCancellationRequested)
            {
                _text.OnError(e);
            }
        }
    }

    public void Dispose()
    {
        _closing.Cancel();
        _text.Dispose();
        _bytes.Dispose();
        _socket.Dispose();
        _closing.Dispose();
        _sending.Dispose();
    }
}
