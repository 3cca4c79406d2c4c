using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.RateLimiting;

namespace Simulator.TrafficGenerator;

/// <summary>
/// One browser session against the app through the proxy: its own cookies over a shared,
/// cookie-less HttpClient, and the CSRF token of its session. Every request is measured.
/// A request once sent runs to completion unless <paramref name="abandon"/> fires: the
/// report lets the last ones finish, so that a message the server created is counted as sent.
/// </summary>
public sealed class SailsSession(HttpClient http, Uri proxy, TrafficMetrics metrics, RateLimiter? pace, CancellationToken abandon)
{
    private readonly CookieContainer _cookies = new();
    private string? _csrfToken;

    public async Task<Answer> GetAsync(UserAction action, string path, CancellationToken cancellationToken) =>
        await SendAsync(action, () => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>A state-changing request: the app wants the session's CSRF token in X-CSRF-Token.</summary>
    public async Task<Answer> PostJsonAsync(UserAction action, string path, object body, CancellationToken cancellationToken) =>
        await PostAsync(action, path, () => JsonContent.Create(body), cancellationToken);

    public async Task<Answer> UploadAsync(byte[] bytes, CancellationToken cancellationToken) =>
        await PostAsync(UserAction.Upload, "/api/uploads", () =>
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new MultipartFormDataContent { { file, "file", "traffic.bin" } };
        }, cancellationToken);

    /// <summary>Login regenerates the session, and the CSRF token belongs to the session.</summary>
    public void ForgetCsrfToken() => _csrfToken = null;

    private async Task<Answer> PostAsync(UserAction action, string path, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        if (_csrfToken is null)
        {
            var grant = await GetAsync(action, "/csrfToken", cancellationToken);
            if (!grant.IsSuccess)
            {
                return grant;
            }

            _csrfToken = grant.Json.GetProperty("_csrf").GetString();
        }

        return await SendAsync(action, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content() };
            request.Headers.Add("X-CSRF-Token", _csrfToken);
            return request;
        }, cancellationToken);
    }

    /// <summary>Sends and measures one request, unless already stopping.</summary>
    private async Task<Answer> SendAsync(UserAction action, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (pace is not null)
        {
            using var lease = await pace.AcquireAsync(1, cancellationToken);
        }

        using var request = create();
        request.RequestUri = new Uri(proxy, request.RequestUri!);
        if (_cookies.GetCookieHeader(proxy) is { Length: > 0 } cookie)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, abandon);
            var body = await response.Content.ReadAsByteArrayAsync(abandon);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    _cookies.SetCookies(proxy, setCookie);
                }
            }

            var servedBy = response.Headers.TryGetValues("X-Served-By", out var replica) ? replica.First() : "proxy";
            var status = ((int)response.StatusCode).ToString();
            metrics.Request(action, status, servedBy, Stopwatch.GetElapsedTime(started));
            return new Answer(status, body);
        }
        catch (Exception e) when (!abandon.IsCancellationRequested)
        {
            // Unanswered requests are data too: refused connections, timeouts, a resilience pipeline giving up.
            var status = e switch
            {
                HttpRequestException => "connection",
                OperationCanceledException or TimeoutException => "timeout",
                _ => e.GetType().Name,
            };
            metrics.Request(action, status, "none", Stopwatch.GetElapsedTime(started));
            return new Answer(status, []);
        }
    }

    /// <summary>A request's status (HTTP code, or why there was none) and its body.</summary>
    public sealed record Answer(string Status, byte[] Body)
    {
        public bool IsSuccess => !TrafficMetrics.IsError(Status);

        public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body);
    }
}
