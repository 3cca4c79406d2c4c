using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Simulator.Tests.Topology;
using SocketIOClient;
using SocketIOClient.Transport;

namespace Simulator.Tests.Production;

[Collection(TopologyCollection.Name)]
public sealed class SocketTests(TopologyFixture topology)
{
    private static readonly TimeSpan DeliveredWithin = TimeSpan.FromSeconds(5);

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
                ConnectionTimeout = TimeSpan.FromSeconds(10),
                ExtraHeaders = headers,
                Query = [new("__sails_io_sdk_version", "1.2.1"), new("__sails_io_sdk_platform", "node"), new("__sails_io_sdk_language", "javascript")],
            });
            var subscriber = new Subscriber(socket);
            socket.On("message", response =>
            {
                var message = response.GetValue<JsonElement>();
                subscriber._received.GetOrAdd(message.GetProperty("text").GetString()!, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            });

            await socket.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(15));
            if (!socket.Connected)
            {
                throw new InvalidOperationException($"the socket from {origin} did not connect");
            }

            var subscribed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            await socket.EmitAsync("get", ack => subscribed.TrySetResult(ack.GetValue<JsonElement>()),
                new { method = "get", url = "/api/messages/subscribe", headers = new { }, data = new { } });
            var response = await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10));
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
