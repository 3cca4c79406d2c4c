using System.Net;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Topology;

/// <summary>
/// A browser of the sample app in a test: a <see cref="SampleAppSession"/> of its own (cookies, CSRF
/// token), and each answer checked against the status the test expects.
/// </summary>
public sealed class SailsUser : IDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly HttpClient _http;
    private int _resent;

    /// <param name="authority">The topology's CA, which the proxy's certificate chains to; null for a replica's own plain-http endpoint.</param>
    /// <remarks>
    /// HTTP/2 with the proxy, as browsers speak it (a replica's plain-http endpoint answers HTTP/1.1): at a
    /// reload nginx ends an idle HTTP/2 connection with GOAWAY, which says what it did not process, but
    /// closes an idle HTTP/1.1 one, and .NET never sends again a request with a body that crossed that close.
    /// </remarks>
    public SailsUser(Uri origin, ProductCertificateAuthority? authority)
    {
        _http = new HttpClient(UnsentRequestResend.Over(authority, () => Interlocked.Increment(ref _resent))) { Timeout = Bounded.HangLimit };
        Session = new SampleAppSession(origin, (request, token) =>
        {
            request.Version = HttpVersion.Version20;
            return _http.SendAsync(request, token);
        });
    }

    public SampleAppSession Session { get; }

    /// <summary>Requests sent again because the proxy ended their connection before .NET wrote them (<see cref="UnsentRequestResend"/>).</summary>
    public int Resent => Volatile.Read(ref _resent);

    public string Email { get; } = $"user-{Guid.NewGuid():N}@example.test";

    public string CookieHeader => Session.CookieHeader;

    public static async Task<SailsUser> SignedUpAndLoggedInAsync(Uri origin, ProductCertificateAuthority authority)
    {
        var user = new SailsUser(origin, authority);
        await user.SignUpAndLogInAsync();
        return user;
    }

    public async Task SignUpAndLogInAsync()
    {
        using (await ExpectAsync(await Session.SignUpAsync(Email, Password), HttpStatusCode.Created)) { }
        using (await ExpectAsync(await Session.LogInAsync(Email, Password), HttpStatusCode.OK)) { }
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Session.GetAsync(path);

    /// <summary>A state-changing request, with the session's CSRF token as the app requires.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object body, HttpStatusCode? expected = null) =>
        await ExpectAsync(await Session.PostJsonAsync(path, body), expected);

    public async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName, string contentType, HttpStatusCode? expected = null) =>
        await ExpectAsync(await Session.UploadAsync(bytes, fileName, contentType), expected);

    /// <summary>A POST with the session's cookies but without its CSRF token, as a forged request would come.</summary>
    public Task<HttpResponseMessage> PostWithoutCsrfTokenAsync(string path, HttpContent content) =>
        Session.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });

    public static string ServedBy(HttpResponseMessage response) =>
        SampleAppApi.ServedBy(response) ?? "(no X-Served-By: the proxy answered)";

    private static async Task<HttpResponseMessage> ExpectAsync(HttpResponseMessage response, HttpStatusCode? expected)
    {
        if (expected is { } status && response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} (expected {(int)status}) from {ServedBy(response)}: {body}");
        }

        return response;
    }

    public void Dispose() => _http.Dispose();
}
