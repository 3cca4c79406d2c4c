using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulator.SampleAppClient;

/// <summary>
/// One browser session of the sample app: its own cookies and the CSRF token of its session, over a
/// cookie-less HttpClient that many sessions may share. Sails wants the token in X-CSRF-Token on every
/// state-changing request; logging in starts a new session, so after it the token is fetched anew.
/// </summary>
/// <param name="origin">The app's address (the proxy's): relative paths resolve against it.</param>
/// <param name="send">How a request is sent; every request of the session, the CSRF grant's too, goes through it.</param>
public sealed class SampleAppSession(Uri origin, SampleAppSession.Send send)
{
    public delegate Task<HttpResponseMessage> Send(HttpRequestMessage request, CancellationToken cancellationToken);

    private readonly CookieContainer _cookies = new();
    private string? _csrfToken;

    /// <param name="http">A client that keeps no cookies of its own (SocketsHttpHandler.UseCookies = false).</param>
    public SampleAppSession(Uri origin, HttpClient http)
        : this(origin, http.SendAsync)
    {
    }

    public Uri Origin { get; } = origin;

    /// <summary>The session's cookies as a Cookie header, e.g. for its socket's handshake.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(Origin);

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>A state-changing request with a JSON body and the session's CSRF token.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, CancellationToken cancellationToken = default) =>
        PostAsync(path, () => JsonContent.Create(body), cancellationToken);

    /// <summary>POST /api/uploads: one file as multipart/form-data field "file", with the session's CSRF token.</summary>
    public Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName, string contentType, CancellationToken cancellationToken = default) =>
        PostAsync(SampleAppApi.UploadsPath, () =>
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return new MultipartFormDataContent { { file, "file", fileName } };
        }, cancellationToken);

    public Task<HttpResponseMessage> SignUpAsync(string email, string password, CancellationToken cancellationToken = default) =>
        PostJsonAsync(SampleAppApi.SignUpPath, new { email, password }, cancellationToken);

    /// <summary>Logs in; a successful login regenerates the session, and with it the CSRF token.</summary>
    public async Task<HttpResponseMessage> LogInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var response = await PostJsonAsync(SampleAppApi.LogInPath, new { email, password }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            _csrfToken = null;
        }

        return response;
    }

    /// <summary>Sends any request with the session's cookies and keeps the cookies it sets; no CSRF token is added.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        request.RequestUri = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : new Uri(Origin, request.RequestUri!);
        if (CookieHeader is { Length: > 0 } cookie)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await send(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                _cookies.SetCookies(Origin, setCookie);
            }
        }

        return response;
    }

    /// <summary>
    /// A POST with the session's CSRF token, fetched first when the session has none. When the grant
    /// itself fails, its response is returned: the caller sees why the POST was not sent.
    /// </summary>
    private async Task<HttpResponseMessage> PostAsync(string path, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        if (_csrfToken is null)
        {
            var grant = await GetAsync(SampleAppApi.CsrfTokenPath, cancellationToken);
            if (!grant.IsSuccessStatusCode)
            {
                return grant;
            }

            using (grant)
            {
                _csrfToken = (await grant.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("_csrf").GetString();
            }
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content() };
        request.Headers.Add(SampleAppApi.CsrfTokenHeader, _csrfToken);
        return await SendAsync(request, cancellationToken);
    }
}
