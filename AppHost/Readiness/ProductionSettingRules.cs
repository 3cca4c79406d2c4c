namespace Simulator.AppHost.Readiness;

/// <summary>Settings a production deployment behind a load balancer needs, read from the app's configuration.</summary>
public static class ProductionSettingRules
{
    private const string ProductionJs = "config/env/production.js";

    public static IEnumerable<ReadinessFinding> SocketOrigins(ReadinessContext c)
    {
        if (!c.HookRuns("sockets", "sails-hook-sockets") || c.Config.Find("sockets.beforeConnect") is not null)
        {
            yield break;
        }

        var origins = c.Config.Find("sockets.onlyAllowOrigins");
        if (origins is null)
        {
            yield return new ReadinessFinding("sockets-origins-missing", ReadinessSeverity.Warning, ProductionJs,
                "No sockets.onlyAllowOrigins: Sails warns at lift, and any web site can open a socket to the app with its visitors' cookies.",
                "sockets.onlyAllowOrigins: ['https://your.domain'] in config/env/production.js (or sails_sockets__onlyAllowOrigins).",
                SuppliedBySimulator: true);
        }
        else if (origins.Value.Elements.Any(e => e.AsString?.Contains("example.com", StringComparison.OrdinalIgnoreCase) == true))
        {
            yield return new ReadinessFinding("sockets-origins-placeholder", ReadinessSeverity.Warning, origins.File,
                "sockets.onlyAllowOrigins still lists the template's example.com origins: browsers on the real site are refused sockets.",
                "List the app's real origins (scheme, host and port) in sockets.onlyAllowOrigins.",
                SuppliedBySimulator: true);
        }
        else if (!origins.Value.IsArray)
        {
            c.NotJudged("sockets.onlyAllowOrigins", origins);
        }
    }

    public static IEnumerable<ReadinessFinding> TrustProxy(ReadinessContext c)
    {
        var trustProxy = c.Config.Find("http.trustProxy");
        if (trustProxy is not null && !trustProxy.Value.IsLiteral)
        {
            c.NotJudged("http.trustProxy", trustProxy);
        }
        else if (trustProxy is null || trustProxy.Value.AsBoolean == false)
        {
            yield return new ReadinessFinding("trust-proxy-missing", ReadinessSeverity.Warning, trustProxy?.File ?? ProductionJs,
                "http.trustProxy is off: behind a TLS-terminating load balancer req.protocol is http and req.ip is the proxy's, and secure session cookies are never set.",
                "http.trustProxy: true in config/env/production.js (and session.cookie.secure: true once TLS is in front).",
                SuppliedBySimulator: true);
        }
    }

    /// <summary>
    /// Behind a TLS-terminating load balancer the session cookie must be Secure, or it also travels
    /// over plain http. A `__Host-` cookie name does not make it so: browsers refuse such a cookie
    /// unless it is Secure, so every session is lost.
    /// </summary>
    public static IEnumerable<ReadinessFinding> SecureSessionCookie(ReadinessContext c)
    {
        var secure = c.Config.Find("session.cookie.secure");
        if (secure is not null && !secure.Value.IsLiteral)
        {
            c.NotJudged("session.cookie.secure", secure);
            yield break;
        }

        if (secure?.Value.AsBoolean == true)
        {
            yield break;
        }

        var hostPrefixed = c.Config.Find("session.name")?.Value.AsString?.StartsWith("__Host-", StringComparison.Ordinal) == true;
        yield return new ReadinessFinding("session-cookie-not-secure", hostPrefixed ? ReadinessSeverity.Error : ReadinessSeverity.Warning,
            secure?.File ?? ProductionJs,
            hostPrefixed
                ? "session.name starts with __Host- but session.cookie.secure is not true: browsers refuse the session cookie, so nobody stays logged in."
                : "session.cookie.secure is not true: the session cookie also travels over plain http, where anyone on the network can take over the session.",
            "session.cookie: { secure: true } in config/env/production.js, with http.trustProxy: true so Sails knows the load balancer spoke https.");
    }

    /// <summary>Sails forces migrate 'safe' when NODE_ENV is production; a production file asking otherwise misleads.</summary>
    public static IEnumerable<ReadinessFinding> MigrateSafe(ReadinessContext c)
    {
        var migrate = c.Config.Find("models.migrate");
        if (migrate is not null && IsProductionOnly(migrate.File) && migrate.Value.AsString is { } mode && mode != "safe")
        {
            yield return new ReadinessFinding("models-migrate-not-safe", ReadinessSeverity.Warning, migrate.File,
                $"models.migrate is '{mode}' for production: Sails forces 'safe' when NODE_ENV=production, so no schema change ever happens at lift.",
                "models.migrate: 'safe' in config/env/production.js; change the schema with migrations (an npm `migrate` script).");
        }
    }

    /// <summary>app.js reads .sailsrc through `sails/accessible/rc`: from Sails 1.5.17 on a copy of rc that parses it with plain JSON.parse.</summary>
    public static IEnumerable<ReadinessFinding> SailsrcComments(ReadinessContext c)
    {
        if (c.Config.SailsrcHasComments)
        {
            yield return new ReadinessFinding("sailsrc-comments", ReadinessSeverity.Warning, ".sailsrc",
                "Comments in .sailsrc: Sails 1.5.17 and later read it with plain JSON.parse (their own copy of rc, without strip-json-comments), so app.js stops at start; older Sails strip them.",
                "Keep .sailsrc plain JSON; explain settings in a config/ file instead.");
        }
    }

    // config/models.js's 'alter' is the development default `sails new` writes; only production files count.
    private static bool IsProductionOnly(string file) =>
        file.StartsWith("config/env/production", StringComparison.Ordinal) || file == ".sailsrc";
}
