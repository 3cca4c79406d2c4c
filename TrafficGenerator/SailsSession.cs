using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Simulator.SampleAppClient;

namespace Simulator.TrafficGenerator;

/// <summary>
/// One virtual user's browser session (<see cref="SampleAppSession"/>: its cookies, its CSRF token)
/// whose every request, the CSRF grant's too, is paced and measured as part of the action it serves.
/// A request once sent runs to completion unless <paramref name="abandon"/> fires: the report lets
/// the last ones finish, so that a message the server created is counted as sent.
/// </summary>
public sealed class SailsSession
{
    private const string UploadFileName = "traffic.bin";
    private const string UploadContentType = "application/octet-stream";

    private readonly HttpClient _http;
    private readonly TrafficMetrics _metrics;
    private readonly RateLimiter? _pace;
    private readonly CancellationToken _abandon;
    private readonly SampleAppSession _app;

    // The action being done: a virtual user does one at a time.
    private UserAction _action;

    public SailsSession(HttpClient http, Uri proxy, TrafficMetrics metrics, RateLimiter? pace, CancellationToken abandon)
    {
        (_http, _metrics, _pace, _abandon) = (http, metrics, pace, abandon);
        _app = new SampleAppSession(proxy, SendMeasuredAsync);
    }

    /// <summary>
    /// The client every session of a run shares, the same for the dashboard's traffic and the load
    /// report: it keeps no cookies (each session has its own), and it is not one of the
    /// IHttpClientFactory clients that ServiceDefaults makes resilient, so a request counts as a
    /// user sees it: a 5xx is measured, never retried or hedged away. Over https it trusts the
    /// simulator's CA alone. A request .NET failed without writing it, as the proxy ended its connection
    /// at a reload, is sent again (<see cref="UnsentRequestResend"/>), as the server's GOAWAY allows,
    /// and counted apart.
    /// </summary>
    public static HttpClient CreateMeasuredHttpClient(ProductCertificateAuthority? authority, TrafficMetrics metrics) =>
        new(UnsentRequestResend.Over(authority, metrics.Resent))
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    public Task<Answer> GetAsync(UserAction action, string path, CancellationToken stop) =>
        AnswerAsync(action, app => app.GetAsync(path, stop));

    public Task<Answer> PostJsonAsync(UserAction action, string path, object body, CancellationToken stop) =>
        AnswerAsync(action, app => app.PostJsonAsync(path, body, stop));

    public Task<Answer> UploadAsync(byte[] bytes, CancellationToken stop) =>
        AnswerAsync(UserAction.Upload, app => app.UploadAsync(bytes, UploadFileName, UploadContentType, stop));

    public Task<Answer> SignUpAsync(string email, string password, CancellationToken stop) =>
        AnswerAsync(UserAction.SignUp, app => app.SignUpAsync(email, password, stop));

    public Task<Answer> LogInAsync(string email, string password, CancellationToken stop) =>
        AnswerAsync(UserAction.SignUp, app => app.LogInAsync(email, password, stop));

    /// <summary>Runs one action's requests; the answer is the last response, or why there was none.</summary>
    private async Task<Answer> AnswerAsync(UserAction action, Func<SampleAppSession, Task<HttpResponseMessage>> request)
    {
        _action = action;
        try
        {
            using var response = await request(_app);
            return new Answer(((int)response.StatusCode).ToString(), await response.Content.ReadAsByteArrayAsync(_abandon));
        }
        catch (UnansweredException e)
        {
            return new Answer(e.Status, []);
        }
    }

    /// <summary>Sends and measures one request, unless already stopping; the whole body is read, as a user waits for it.</summary>
    private async Task<HttpResponseMessage> SendMeasuredAsync(HttpRequestMessage request, CancellationToken stop)
    {
        stop.ThrowIfCancellationRequested();
        if (_pace is not null)
        {
            using var lease = await _pace.AcquireAsync(1, stop);
        }

        // As browsers speak to the proxy: HTTP/2 over TLS (HTTP/1.1 to a plain-http address).
        request.Version = HttpVersion.Version20;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, _abandon);
            _metrics.Request(_action, ((int)response.StatusCode).ToString(), SampleAppApi.ServedBy(response) ?? "proxy", Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception e) when (!_abandon.IsCancellationRequested)
        {
            // Unanswered requests are data too: refused connections, timeouts.
            var status = e switch
            {
                HttpRequestException => "connection",
                OperationCanceledException or TimeoutException => "timeout",
                _ => e.GetType().Name,
            };
            _metrics.Request(_action, status, "none", Stopwatch.GetElapsedTime(started));
            throw new UnansweredException(status, e);
        }
    }

    /// <summary>A request's status (HTTP code, or why there was none) and its body.</summary>
    public sealed record Answer(string Status, byte[] Body)
    {
        public bool IsSuccess => !TrafficMetrics.IsError(Status);

        public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body);
    }

    /// <summary>A request that got no answer, already measured under <see cref="Status"/>.</summary>
    private sealed class UnansweredException(string status, Exception inner) : Exception(status, inner)
    {
        public string Status { get; } = status;
    }
}
