namespace Simulator.SampleAppClient;

/// <summary>
/// Sends a request again when .NET failed it without writing it, as the server ended the connection
/// gracefully: HTTP/2 GOAWAY with NO_ERROR, then the connection's end. GOAWAY tells the client which
/// requests the server did not process, and SocketsHttpHandler sends those again on a new connection,
/// except one it was about to write when it read GOAWAY and the end together: that one fails with the
/// GOAWAY's error (Http2Connection.AddStream checks the abort before the shutdown). nginx does exactly
/// that to every idle connection of an old worker at a reload; the proxy's log then shows no byte from
/// the client after GOAWAY. The request never reached the server, so it is sent again, a POST too.
/// A request nginx cuts at worker_shutdown_timeout fails with the same error once a GOAWAY came first,
/// but only after running at least that long, so a failure that late is the caller's, as is any
/// other failure and every answer.
/// </summary>
public sealed class UnsentRequestResend(HttpMessageHandler inner, Action<HttpRequestMessage>? resent = null, TimeProvider? time = null)
    : DelegatingHandler(inner)
{
    /// <summary>The proxy's worker_shutdown_timeout (NginxConfiguration.WorkerShutdownSeconds).</summary>
    public static readonly TimeSpan ProxyCutsAfter = TimeSpan.FromSeconds(30);

    /// <summary>As often as SocketsHttpHandler itself sends again a request a closing connection did not take.</summary>
    public const int MaxResends = 3;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var resends = 0; ; resends++)
        {
            var sent = (time ?? TimeProvider.System).GetTimestamp();
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (resends < MaxResends && EndedGracefully(e)
                && (time ?? TimeProvider.System).GetElapsedTime(sent) < ProxyCutsAfter)
            {
                resent?.Invoke(request);
            }
        }
    }

    private static bool EndedGracefully(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.HttpProtocolError && e.InnerException is HttpProtocolException { ErrorCode: 0 };
}
