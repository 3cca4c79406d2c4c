using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Simulator.SampleAppClient;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Production;

/// <summary>
/// The production behaviours that make replicas interchangeable, checked through a proxy's public
/// origin: the same checks for the AppHost's topology and for the published stack on a swarm.
/// </summary>
public static class ReplicaBehaviours
{
    // An outer bound for hangs only: the delivery itself is the event awaited.
    private static readonly TimeSpan DeliveredWithin = Bounded.HangLimit;

    /// <summary>
    /// Requests sent at most until every replica has answered one. The AppHost's nginx takes its
    /// replicas in turn; a published stack's nginx starts at a random one of the addresses DNS gives,
    /// so a replica missing after 40 requests each (a chance below 1e-20 for three) is a real absence.
    /// </summary>
    private static int MaxRequests(IReadOnlyCollection<string> replicas) => 40 * replicas.Count;

    /// <summary>
    /// Passes when GETs through the proxy, a few per replica at most, reached every replica: for an
    /// EventuallyAsync after replicas were stopped, replaced or updated.
    /// </summary>
    public static async Task ProxyServesEveryReplicaAsync(HttpClient proxy, IReadOnlyCollection<string> replicas)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 4 * replicas.Count && seen.Count < replicas.Count; i++)
        {
            using var response = await proxy.GetAsync("/healthz");
            if (SampleAppApi.ServedBy(response) is { } replica)
            {
                seen.Add(replica);
            }
        }

        Assert.Equal(replicas.Order(), seen.Order());
    }

    /// <summary>A user logged in once is logged in on every replica (<paramref name="replicas"/>, as X-Served-By names them).</summary>
    public static async Task SessionIsValidOnEveryReplicaAsync(Uri origin, ProductCertificateAuthority authority, IReadOnlyCollection<string> replicas)
    {
        using var user = await SailsUser.SignedUpAndLoggedInAsync(origin, authority);

        var servedBy = new HashSet<string>();
        for (var i = 0; i < MaxRequests(replicas) && servedBy.Count < replicas.Count; i++)
        {
            using var response = await user.GetAsync("/api/me");
            Assert.True(response.StatusCode == HttpStatusCode.OK,
                $"GET /api/me answered {(int)response.StatusCode} on {SailsUser.ServedBy(response)}: the session is not shared");
            var me = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(user.Email, me.GetProperty("email").GetString());
            servedBy.Add(SailsUser.ServedBy(response));
        }

        Assert.Equal(replicas.Order(), servedBy.Order());
    }

    /// <summary>A message created over HTTP on one replica reaches sockets held by two others.</summary>
    public static async Task MessageReachesSocketsOnOtherReplicasAsync(Uri origin, string publicOrigin, ProductCertificateAuthority authority)
    {
        using var user = await SailsUser.SignedUpAndLoggedInAsync(origin, authority);

        // Connect until two subscribers sit on different replicas; the proxy spreads them.
        var subscribers = new List<Subscriber>();
        try
        {
            for (var attempt = 0; attempt < 12 && subscribers.Select(s => s.Replica).Distinct().Count() < 2; attempt++)
            {
                var subscriber = await Subscriber.ConnectAsync(origin, publicOrigin, user.CookieHeader, authority);
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

    /// <summary>A file uploaded once downloads as the same bytes from every replica; the upload's JSON (id, key, sha256).</summary>
    public static async Task<JsonElement> UploadDownloadsFromEveryReplicaAsync(Uri origin, ProductCertificateAuthority authority, IReadOnlyCollection<string> replicas)
    {
        using var user = await SailsUser.SignedUpAndLoggedInAsync(origin, authority);
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var created = await user.UploadAsync(bytes, "random.bin", "application/octet-stream", HttpStatusCode.Created);
        var upload = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sha256, upload.GetProperty("sha256").GetString());

        var servedBy = new HashSet<string>();
        for (var i = 0; i < MaxRequests(replicas) && servedBy.Count < replicas.Count; i++)
        {
            using var download = await user.GetAsync($"/api/uploads/{upload.GetProperty("id").GetInt64()}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
            var downloaded = await download.Content.ReadAsByteArrayAsync();
            Assert.True(sha256 == Convert.ToHexStringLower(SHA256.HashData(downloaded)),
                $"{SailsUser.ServedBy(download)} returned {downloaded.Length} bytes that differ from the {bytes.Length} uploaded");
            servedBy.Add(SailsUser.ServedBy(download));
        }

        Assert.Equal(replicas.Order(), servedBy.Order());
        return upload;
    }

    /// <summary>A socket of the sample app subscribed to new messages, each awaitable by its text.</summary>
    public sealed class Subscriber : IAsyncDisposable
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
