using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Simulator.SampleAppClient;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// A browser of the `sails new` Web App template through the proxy: its own cookies, the CSRF
/// token its pages expose (window.SAILS_LOCALS), the template's entrance API.
/// </summary>
public sealed partial class TemplateAppUser(Uri origin, ProductCertificateAuthority authority) : IDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly HttpClient _http = new(Browser(authority))
    {
        BaseAddress = origin,
        Timeout = Bounded.HangLimit,
    };

    /// <summary>Over https trusting the run's CA, keeping its cookies, and showing redirects rather than following them.</summary>
    private static SocketsHttpHandler Browser(ProductCertificateAuthority authority)
    {
        var handler = authority.CreateHandler();
        handler.UseCookies = true;
        handler.CookieContainer = new CookieContainer();
        handler.AllowAutoRedirect = false;
        return handler;
    }

    public HttpClient Http => _http;

    public static async Task<TemplateAppUser> SignedUpAsync(Uri origin, ProductCertificateAuthority authority, string email)
    {
        var user = new TemplateAppUser(origin, authority);
        await user.SendAsync(HttpMethod.Post, "/api/v1/entrance/signup", new { emailAddress = email, password = Password, fullName = "Fresh App User" });
        return user;
    }

    public static async Task<TemplateAppUser> LoggedInAsync(Uri origin, ProductCertificateAuthority authority, string email)
    {
        var user = new TemplateAppUser(origin, authority);
        await user.SendAsync(HttpMethod.Put, "/api/v1/entrance/login", new { emailAddress = email, password = Password });
        return user;
    }

    /// <summary>
    /// A file posted as a browser form does (multipart, field "file") with the session's CSRF token;
    /// it must answer 200. Returns the response's JSON and the replica that took it.
    /// </summary>
    public async Task<(JsonElement Body, string Upstream)> UploadAsync(string path, byte[] bytes, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        // /signup redirects a logged-in user; the account page carries the token too.
        request.Headers.Add("X-CSRF-Token", await CsrfTokenAsync("/account"));
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new Xunit.Sdk.XunitException($"POST {path} answered {(int)response.StatusCode} from {Upstream(response)}: {text}");
        }

        return (JsonDocument.Parse(text).RootElement.Clone(), Upstream(response));
    }

    /// <summary>Which replica answered, as the proxy reports it (the replica's address).</summary>
    public static string Upstream(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Upstream", out var values) ? values.Single() : "(no X-Upstream: the proxy answered)";

    /// <summary>A state-changing API call with the CSRF token of this browser's session; it must answer 200.</summary>
    private async Task SendAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", await CsrfTokenAsync());
        using var response = await _http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new Xunit.Sdk.XunitException(
                $"{method} {path} answered {(int)response.StatusCode} from {Upstream(response)}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The token the template's pages give the browser: <c>_csrf: unescape('…')</c>.</summary>
    private async Task<string> CsrfTokenAsync(string path = "/signup")
    {
        using var page = await _http.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = CsrfLocal().Match(html);
        Assert.True(page.StatusCode == HttpStatusCode.OK && token.Success,
            $"GET {path} answered {(int)page.StatusCode} from {Upstream(page)} without a CSRF token in SAILS_LOCALS");
        return Uri.UnescapeDataString(token.Groups[1].Value);
    }

    [GeneratedRegex(@"_csrf:\s*unescape\('([^']*)'\)")]
    private static partial Regex CsrfLocal();

    public void Dispose() => _http.Dispose();
}
