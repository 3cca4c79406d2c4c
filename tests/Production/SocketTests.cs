using System.Collections.Concurrent;
using System.Net;
using Simulator.SampleAppClient;
using Simulator.Tests.Topology;

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
        using var user = await SailsUser.SignedUpAndLoggedInAsync(topology.ProxyUri, topology.Authority);

        // Connect until two subscribers sit on different replicas; the proxy spreads them.
        var subscribers = new List<Subscriber>();
        try
        {
            for (var attempt = 0; attempt < 12 && subscribers.Select(s => s.Replica).Distinct().Count() < 2; attempt++)
            {
                var subscriber = await Subscriber.ConnectAsync(topology.ProxyUri, topology.PublicOrigin, user.CookieHeader, topology.Authority);
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
                using var probe = await user.GetAsync("/healthz");
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
            Subscriber.ConnectAsync(topology.ProxyUri, "https://evil.example", cookie: null, topology.Authority));
    }

    /// <summary>A socket of the sample app subscribed to new messages, each awaitable by its text.</summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly SampleAppSocket _socket;
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _received = new();

        private Subscriber(SampleAppSocket socket)
        {
            _socket = socket;
            socket.MessageReceived += message => Arrival(message.GetProperty("text").GetString()!).TrySetResult();
        }

        public string Replica { get; private set; } = "";

        public Task Received(string text) => Arrival(text).Task;

        public static async Task<Subscriber> ConnectAsync(Uri proxy, string origin, string? cookie, ProductCertificateAuthority authority)
        {
            var socket = await Bounded.WithinAsync(Bounded.HangLimit, $"the socket from {origin} connecting", token =>
                SampleAppSocket.ConnectAsync(proxy, origin, cookie, authority, Bounded.HangLimit, token));
            var subscriber = new Subscriber(socket);
            var subscription = await Bounded.WithinAsync(Bounded.HangLimit, "the subscription's acknowledgement", token => socket.SubscribeAsync(token));
            Assert.Equal(200, subscription.StatusCode);
            subscriber.Replica = subscription.ServedBy!;
            return subscriber;
        }

        private TaskCompletionSource Arrival(string text) => _received.GetOrAdd(text, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

        public ValueTask DisposeAsync() => _socket.DisposeAsync();
    }
}
