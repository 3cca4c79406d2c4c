using System.Collections.Concurrent;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Rollouts;

/// <summary>
/// A page's socket as sails.io.js keeps it: subscribed to new messages, and connected and
/// subscribed again through the proxy whenever the server closes it (a replica that stops).
/// </summary>
public sealed class ReconnectingSubscriber : IAsyncDisposable
{
    private readonly Uri _proxy;
    private readonly string _origin;
    private readonly string? _cookie;
    private readonly ProductCertificateAuthority _authority;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _received = new();
    private readonly Lock _gate = new();
    private SampleAppSocket _socket = null!;
    private TaskCompletionSource _reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _keeping = Task.CompletedTask;

    private ReconnectingSubscriber(Uri proxy, string origin, string? cookie, ProductCertificateAuthority authority) =>
        (_proxy, _origin, _cookie, _authority) = (proxy, origin, cookie, authority);

    /// <summary>How many times the socket was connected again after the server closed it.</summary>
    public int Reconnections { get; private set; }

    /// <summary>
    /// Creates messages (through <paramref name="create"/>, by their text) until one reaches the socket:
    /// one created while the socket was closed (a replica drained, an old nginx worker done) cannot,
    /// so after a close the next message waits for the socket to be connected again.
    /// </summary>
    public async Task ReceivesOneCreatedAsync(Func<string, Task> create)
    {
        while (true)
        {
            SampleAppSocket socket;
            Task reconnected;
            lock (_gate)
            {
                (socket, reconnected) = (_socket, _reconnected.Task);
            }

            var text = $"created {Guid.NewGuid():N}";
            await create(text);
            var arrived = Arrival(text).Task;
            if (await Task.WhenAny(arrived, socket.Closed) == arrived)
            {
                return;
            }

            await reconnected;
        }
    }

    public static async Task<ReconnectingSubscriber> ConnectAsync(Uri proxy, string origin, string? cookie, ProductCertificateAuthority authority)
    {
        var subscriber = new ReconnectingSubscriber(proxy, origin, cookie, authority);
        subscriber._socket = await subscriber.ConnectOnceAsync(CancellationToken.None);
        subscriber._keeping = subscriber.KeepConnectedAsync();
        return subscriber;
    }

    private async Task<SampleAppSocket> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var socket = await SampleAppSocket.ConnectAsync(_proxy, _origin, _cookie, _authority, Bounded.HangLimit, cancellationToken);
        socket.MessageReceived += message => Arrival(message.GetProperty("text").GetString()!).TrySetResult();
        var subscription = await socket.SubscribeAsync(cancellationToken);
        if (subscription.StatusCode != 200)
        {
            await socket.DisposeAsync();
            throw new IOException($"the subscription answered {subscription.StatusCode}");
        }

        return socket;
    }

    private async Task KeepConnectedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.WhenAny(_socket.Closed, Task.Delay(Timeout.Infinite, _stop.Token));
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await _socket.DisposeAsync();
            // As sails.io.js does: try again until a replica takes the socket.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var socket = await ConnectOnceAsync(_stop.Token);
                    TaskCompletionSource reconnected;
                    lock (_gate)
                    {
                        (_socket, reconnected, _reconnected) = (socket, _reconnected, new(TaskCreationOptions.RunContinuationsAsynchronously));
                    }

                    Reconnections++;
                    reconnected.SetResult();
                    break;
                }
                catch (Exception) when (!_stop.IsCancellationRequested && attempt < 60)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token);
                }
            }
        }
    }

    private TaskCompletionSource Arrival(string text) => _received.GetOrAdd(text, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _keeping;
        }
        catch (OperationCanceledException)
        {
        }

        await _socket.DisposeAsync();
    }
}
