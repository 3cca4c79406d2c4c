namespace Simulator.AppHost;

/// <summary>
/// The environment of every app container that holds no secret and names no other container:
/// production mode, the adapters, the proxy's origins, limits and switches. The AppHost and the
/// published Swarm stack and Kubernetes manifests all start from it; the user's own
/// (Simulator:App:Environment) is applied after it, last.
/// </summary>
public static class SailsEnvironment
{
    public static IEnumerable<(string Name, string Value)> Production(SailsApp app) =>
    [
        ("NODE_ENV", "production"),
        ("PORT", SailsAppExtensions.AppPort.ToString()),
        // Adapter names as well as URLs, for apps whose production config names no adapter.
        ("sails_datastores__default__adapter", "sails-postgresql"),
        ("sails_session__adapter", "@sailshq/connect-redis"),
        ("sails_sockets__adapter", "@sailshq/socket.io-redis"),
        ("sails_sockets__onlyAllowOrigins", AllowedOrigins(app.Proxy)),
        ("sails_http__trustProxy", "true"),
        ("sails_custom__uploads__maxBytes", app.Options.UploadMaxBytes.ToString()),
        ("SIMULATOR_FAULTS", app.Options.Faults ? "enabled" : "disabled"),
    ];

    /// <summary>The proxy's public https origin, as browsers may spell it; JSON, as Sails parses sails_* values.</summary>
    private static string AllowedOrigins(ProxyOptions proxy) =>
        $"[\"{proxy.PublicOrigin}\",\"https://127.0.0.1:{proxy.HttpsPort}\"]";
}
