namespace Simulator.SampleAppClient;

/// <summary>
/// Sends a request again when .NET failed it although the server never processed it: the server
/// ended the connection gracefully (HTTP/2 GOAWAY with NO_ERROR, then the connection's end) just as
/// the request was being written. GOAWAY names the last request the server processed, and
/// SocketsHttpHandler sends the later ones again on a new connection, except one it was still
/// writing when it read GOAWAY and the end together: that one fails with the GOAWAY's error (its
/// HEADERS or body write meets the connection's abort before its shutdown is seen). nginx does
/// exactly that to every idle connection of an old worker at a reload, having answered every request
/// on it in full; what the client sends after the GOAWAY is read and dropped (its debug log: the
/// lingering close reads 0 or 160 bytes, never a request processed). So the request is sent again,
/// a POST too. The same holds for a new connection that an old worker accepted just as the reload
/// began and closed before the HTTP/2 handshake completed: .NET writes no request before the
/// handshake. A request nginx cuts at worker_shutdown_timeout fails with the same error once a GOAWAY
/// came first, but only after running at least that long, so a failure that late is the caller's,
/// as is any other failure and every answer.
/// </summary>
public sealed class UnsentRequestResend(HttpMessageHandler inner, Action? resent = null, TimeProvider? time = null)
    : DelegatingHandler(inner)
{
    /// <summary>The proxy's worker_shutdown_timeout (NginxConfiguration.WorkerShutdownSeconds).</summary>
    public static readonly TimeSpan ProxyCutsAfter = TimeSpan.FromSeconds(30);

    /// <summary>As often as SocketsHttpHandler itself sends again a request a closing connection did not take.</summary>
    public const int MaxResends = 3;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Over https to the proxy, trusting <paramref name="authority"/> alone, or, with none, over a replica's plain http; cookies are the caller's.</summary>
    public static UnsentRequestResend Over(ProductCertificateAuthority? authority, Action resent) =>
        new(authority?.CreateHandler() ?? new SocketsHttpHandler { UseCookies = false }, resent);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var resends = 0; ; resends++)
        {
            var sent = _time.GetTimestamp();
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (resends < MaxResends && (EndedGracefully(e) || HandshakeCut(e))
                && _time.GetElapsedTime(sent) < ProxyCutsAfter)
            {
                resent?.Invoke();
            }
        }
    }

    private static bool EndedGracefully(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.HttpProtocolError && e.InnerException is HttpProtocolException { ErrorCode: 0 };

    /// <summary>SocketsHttpHandler's failure of a new connection whose HTTP/2 handshake the server did not complete.</summary>
    public const string Http2HandshakeCut = "An HTTP/2 connection could not be established";

    private static bool HandshakeCut(HttpRequestException e) =>
        e.InnerException is IOException io && io.Message.StartsWith(Http2HandshakeCut, StringComparison.Ordinal);
}
