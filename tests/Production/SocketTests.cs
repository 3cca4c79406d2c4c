using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Simulator.Tests.Topology;
using SocketIOClient;
using SocketIOClient.Transport;

namespace Simulator.Tests.Production;

[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class SocketTests(TopologyFixture topology)
{
    // An outer bound for hangs only: the delivery itself is the event awaited.
    private static readonly TimeSpan DeliveredWithin = Bounded.HangLimit;

    [Fact]
    public async Task A_message_created_on_one_replica_reaches_socket_clients_on_the_others()
    {
        await topology.WaitUntilHealthyAsync();
        using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri);

        // Connect until two subscribers sit on different replicas; the proxy spreads them.
        var subscribers = new List<Subscriber>();
        try
        {
            for (var attempt = 0; attempt < 12 && subscribers.Select(s => s.Replica).Distinct().Count() < 2; attempt++)
            {
                var subscriber = await Subscriber.ConnectAsync(topology.ProxyUri, topology.PublicOrigin, user.CookieHeader);
                if (subscribers.Any(s => s.Replica == subscriber.Replica))
                {
                    await subscriber.DisposeAsync();
                    continue;
                }

                subscribers.Add(subscriber);
            }

            Assert.True(subscribers.Count == 2, $"could not place two sockets on different replicas (got {string.Join(", ", subscribers.Select(s => s.Replica))})");

            // Created over HTTP, preferably on a replica holding neither socket.
            var text = $"hello {Guid.NewGuid():N}";
            string createdOn = "";
            for (var attempt = 0; attempt < 12 && (createdOn == "" || subscribers.Any(s => s.Replica == createdOn)); attempt++)
            {
                using var probe = await user.Http.GetAsync("/healthz");
                if (subscribers.Any(s => s.Replica == SailsUser.ServedBy(probe)) && attempt < 11)
                {
                    continue;
                }

                using var created = await user.PostAsync("/api/messages", new { text }, HttpStatusCode.Created);
                createdOn = SailsUser.ServedBy(created);
            }

            foreach (var subscriber in subscribers)
            {
                try
                {
                    await subscriber.Received(text).WaitAsync(DeliveredWithin);
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"the message created on {createdOn} did not reach the socket on {subscriber.Replica} within {DeliveredWithin.TotalSeconds} s");
                }
            }
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_socket_handshake_from_a_foreign_origin_is_refused()
    {
        await topology.WaitUntilHealthyAsync();

        await Assert.ThrowsAnyAsync<Exception>(() =>
            Subscriber.ConnectAsync(topology.ProxyUri, "http://evil.example", cookie: null));
    }

    /// <summary>A socket.io client (Engine.IO 3, as Sails 1.5 speaks) subscribed to new messages.</summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly SocketIO _socket;
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _received = new();

        private Subscriber(SocketIO socket) => _socket = socket;

        public string Replica { get; private set; } = "";

        public Task Received(string text) => _received.GetOrAdd(text, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public static async Task<Subscriber> ConnectAsync(Uri proxy, string origin, string? cookie)
        {
            var headers = new Dictionary<string, string> { ["Origin"] = origin };
            if (!string.IsNullOrEmpty(cookie))
            {
                headers["Cookie"] = cookie;
            }

            var socket = new SocketIO(proxy, new SocketIOOptions
            {
                EIO = 3,
                Transport = TransportProtocol.WebSocket,
                AutoUpgrade = false,
                Reconnection = false,
                ConnectionTimeout = Bounded.HangLimit,
                ExtraHeaders = headers,
                Query = [new("__sails_io_sdk_version", "1.2.1"), new("__sails_io_sdk_platform", "node"), new("__sails_io_sdk_language", "javascript")],
            });
            var subscriber = new Subscriber(socket);
            socket.On("message", response =>
            {
                var message = response.GetValue<JsonElement>();
                subscriber._received.GetOrAdd(message.GetProperty("text").GetString()!, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            });

            // SocketIOClient 3.0.6's ConnectAsync returns once the WebSocket is open (the proxy's 101),
            // before socket.io's CONNECT packet arrives; `Connected` turns true only then: await that event.
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            socket.OnConnected += (_, _) => connected.TrySetResult();
            socket.OnError += (_, error) => connected.TrySetException(new InvalidOperationException($"the socket from {origin} was refused: {error}"));
            socket.OnDisconnected += (_, reason) => connected.TrySetException(new InvalidOperationException($"the socket from {origin} was closed before connecting: {reason}"));
            await Bounded.WithinAsync(Bounded.HangLimit, $"the socket from {origin} connecting", async token =>
            {
                await socket.ConnectAsync().WaitAsync(token);
                await connected.Task.WaitAsync(token);
            });

            var subscribed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            await socket.EmitAsync("get", ack => subscribed.TrySetResult(ack.GetValue<JsonElement>()),
                new { method = "get", url = "/api/messages/subscribe", headers = new { }, data = new { } });
            var response = await Bounded.WithinAsync(Bounded.HangLimit, "the subscription's acknowledgement", token => subscribed.Task.WaitAsync(token));
            Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
            subscriber.Replica = response.GetProperty("body").GetProperty("servedBy").GetString()!;
            return subscriber;
        }

        public async ValueTask DisposeAsync()
        {
            await _socket.DisconnectAsync();
            _socket.Dispose();
        }
    }
}
