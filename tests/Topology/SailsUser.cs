using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulator.Tests.Topology;

/// <summary>A browser-like client of the app through the proxy: its own cookies, the CSRF token of its session.</summary>
public sealed class SailsUser(Uri origin) : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private HttpClient? _http;
    private string? _csrfToken;

    public string Email { get; } = $"user-{Guid.NewGuid():N}@example.test";

    public const string Password = "correct horse battery staple";

    public HttpClient Http => _http ??= new HttpClient(new HttpClientHandler { CookieContainer = _cookies, UseCookies = true })
    {
        BaseAddress = origin,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<SailsUser> SignedUpAndLoggedInAsync(Uri origin)
    {
        var user = new SailsUser(origin);
        await user.PostAsync("/api/signup", new { email = user.Email, password = Password }, HttpStatusCode.Created);
        await user.PostAsync("/api/login", new { email = user.Email, password = Password }, HttpStatusCode.OK);
        // Logging in starts a new session, and the CSRF token belongs to the session.
        user._csrfToken = null;
        return user;
    }

    /// <summary>A state-changing request, with the session's CSRF token as the app requires.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object body, HttpStatusCode? expected = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", await CsrfTokenAsync());
        return await SendAsync(request, expected);
    }

    public async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName, string contentType, HttpStatusCode? expected = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
        {
            Content = new MultipartFormDataContent { { file, "file", fileName } },
        };
        request.Headers.Add("X-CSRF-Token", await CsrfTokenAsync());
        return await SendAsync(request, expected);
    }

    public async Task<string> CsrfTokenAsync()
    {
        if (_csrfToken is null)
        {
            using var response = await Http.GetAsync("/csrfToken");
            response.EnsureSuccessStatusCode();
            _csrfToken = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("_csrf").GetString();
        }

        return _csrfToken!;
    }

    public string CookieHeader => _cookies.GetCookieHeader(origin);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpStatusCode? expected)
    {
        var response = await Http.SendAsync(request);
        if (expected is { } status && response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException(
                $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} (expected {(int)status}) from {ServedBy(response)}: {body}");
        }

        return response;
    }

    public static string ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Served-By", out var values) ? values.Single() : "(no X-Served-By: the proxy answered)";

    public void Dispose() => _http?.Dispose();
}
