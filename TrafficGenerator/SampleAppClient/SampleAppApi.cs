namespace Simulator.SampleAppClient;

/// <summary>The sample app's HTTP API, as its config/routes.js declares it, and its replica header.</summary>
public static class SampleAppApi
{
    /// <summary>Sails' CSRF grant: GET answers <c>{"_csrf": "…"}</c> for the session.</summary>
    public const string CsrfTokenPath = "/csrfToken";

    /// <summary>Where Sails looks for the session's CSRF token on state-changing requests.</summary>
    public const string CsrfTokenHeader = "X-CSRF-Token";

    public const string SignUpPath = "/api/signup";
    public const string LogInPath = "/api/login";
    public const string MessagesPath = "/api/messages";
    public const string MessagesSubscribePath = "/api/messages/subscribe";
    public const string UploadsPath = "/api/uploads";

    /// <summary>The fault switch's crash: 202, then the app's process dies (PM2 starts another).</summary>
    public const string CrashPath = "/__fault/crash";

    /// <summary>The replica that answered, as the app names itself (REPLICA_NAME); absent when the proxy answered alone.</summary>
    public const string ServedByHeader = "X-Served-By";

    /// <summary>The replica that served a response, or null when no replica did (the proxy's own answer).</summary>
    public static string? ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ServedByHeader, out var values) ? values.Single() : null;

    /// <summary>The version the answering replica runs (APP_VERSION, the image's id, under the simulator).</summary>
    public const string AppVersionHeader = "X-App-Version";

    public static string? AppVersion(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AppVersionHeader, out var values) ? values.Single() : null;
}
