using System.Net;
using System.Reflection;
using Simulator.AppHost;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Proxy;

/// <summary>
/// What the clients of the suite and the traffic generator send again: only a request .NET failed
/// with the proxy's graceful end of a connection (GOAWAY NO_ERROR), and only sooner than the proxy
/// could have cut a request it was processing. The handler below stands in for the connection, to
/// fail a request the way SocketsHttpHandler does; the real race is met in RolloutTests.
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class UnsentRequestResendTests
{
    private static readonly HttpRequestException GracefulEnd =
        new(HttpRequestError.HttpProtocolError, "The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' (0x0).",
            new HttpProtocolException(0, "The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' (0x0).", null));

    public static TheoryData<HttpRequestException> UnsentFailures => [GracefulEnd, HandshakeCut];

    [Theory]
    [MemberData(nameof(UnsentFailures))]
    public async Task A_request_failed_by_the_servers_graceful_end_or_a_cut_HTTP2_handshake_is_sent_again_and_counted(HttpRequestException unsent)
    {
        var connection = new FailingConnection([unsent]);
        var resent = 0;

        var response = await SendAsync(connection, () => resent++);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, connection.Sends);
        Assert.Equal(1, resent);
    }

    /// <summary>As .NET 10 fails it (seen in DeployTests): an old nginx worker closed the new connection after TLS.</summary>
    private static readonly HttpRequestException HandshakeCut =
        new("An error occurred while sending the request.",
            new IOException("An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake.",
                new ObjectDisposedException("System.Net.Security.SslStream")));

    [Fact]
    public void The_handshake_failure_is_recognised_by_the_message_this_NET_runtime_gives_it()
    {
        var message = (string)typeof(HttpClient).Assembly.GetType("System.SR")!
            .GetProperty("net_http_http2_connection_not_established", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;

        Assert.StartsWith(UnsentRequestResend.Http2HandshakeCut, message);
    }

    [Fact]
    public async Task It_is_sent_again_at_most_as_often_as_SocketsHttpHandler_resends_then_the_failure_is_the_callers()
    {
        var connection = new FailingConnection(Enumerable.Repeat(GracefulEnd, UnsentRequestResend.MaxResends + 1).ToArray());

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(connection, () => { }));

        Assert.Same(GracefulEnd, failure);
        Assert.Equal(UnsentRequestResend.MaxResends + 1, connection.Sends);
    }

    public static TheoryData<HttpRequestException> OtherFailures =>
    [
        new(HttpRequestError.HttpProtocolError, "stream reset: INTERNAL_ERROR", new HttpProtocolException(2, "INTERNAL_ERROR", null)),
        new(HttpRequestError.ResponseEnded, "The response ended prematurely."),
        new(HttpRequestError.ConnectionError, "Connection refused"),
    ];

    [Theory]
    [MemberData(nameof(OtherFailures))]
    public async Task Any_other_failure_is_the_callers_at_once(HttpRequestException other)
    {
        var connection = new FailingConnection([other]);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(connection, () => { }));

        Assert.Same(other, failure);
        Assert.Equal(1, connection.Sends);
    }

    [Fact]
    public async Task A_graceful_end_as_late_as_the_proxys_cut_of_a_processed_request_is_the_callers()
    {
        var time = new SteppedTime();
        var connection = new FailingConnection([GracefulEnd], beforeFailing: () => time.Advance(UnsentRequestResend.ProxyCutsAfter));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(connection, () => { }, time));

        Assert.Same(GracefulEnd, failure);
        Assert.Equal(1, connection.Sends);
    }

    [Fact]
    public void The_cut_it_allows_for_is_the_proxys_worker_shutdown_timeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(NginxConfiguration.WorkerShutdownSeconds), UnsentRequestResend.ProxyCutsAfter);
    }

    private static async Task<HttpResponseMessage> SendAsync(FailingConnection connection, Action resent, TimeProvider? time = null)
    {
        using var client = new HttpClient(new UnsentRequestResend(connection, resent, time));
        return await client.PostAsync("https://localhost/api/messages", new StringContent("{}"));
    }

    /// <summary>Fails the first sends with the given exceptions, then answers 201.</summary>
    private sealed class FailingConnection(HttpRequestException[] failures, Action? beforeFailing = null) : HttpMessageHandler
    {
        public int Sends { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Sends++ < failures.Length)
            {
                beforeFailing?.Invoke();
                throw failures[Sends - 1];
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created));
        }
    }

    private sealed class SteppedTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
