namespace Simulator.AppHost.Readiness;

/// <summary>One check of the report: the finding ids it gives, its name in the report's "checked" line, what its findings mean (README's table), and the check itself.</summary>
public sealed record ReadinessRule(
    IReadOnlyList<string> Ids, string Checks, string Meaning, Func<ReadinessContext, IEnumerable<ReadinessFinding>> Run);

/// <summary>The report's rules, in one list: the report runs them, its "checked" line and README's table of findings come from it.</summary>
public static class ReadinessRules
{
    public static readonly IReadOnlyList<ReadinessRule> All =
    [
        new(["session-memory-store"], "session store",
            "sessions in memory: a login holds only on one replica", StatelessReplicaRules.SessionStore),
        new(["sockets-memory-adapter"], "socket adapter",
            "socket.io's memory adapter: broadcasts reach one replica's sockets", StatelessReplicaRules.SocketAdapter),
        new(["datastore-sails-disk"], "datastore",
            "sails-disk: data in each container's `.tmp/`", StatelessReplicaRules.Datastore),
        new(["uploads-local-disk"], "files on local disk",
            "files written to the replica's disk: skipper's default receiver, sails-hook-uploads with no `uploads.adapter` in production, `fs` writes in `api/`",
            StatelessReplicaRules.LocalDiskFiles),
        new(["migrations-missing"], "migrations",
            "models, but no `migrate` script: production's `migrate: 'safe'` never creates tables", DeploymentStepRules.Migrations),
        new(["models-migrate-not-safe"], "models.migrate",
            "production config asks for `alter`/`drop`, which Sails overrides with `safe`", ProductionSettingRules.MigrateSafe),
        new(["sockets-origins-missing", "sockets-origins-placeholder"], "socket origins",
            "no `onlyAllowOrigins`, or the template's `example.com` ones", ProductionSettingRules.SocketOrigins),
        new(["trust-proxy-missing"], "trustProxy",
            "no `http.trustProxy`: wrong protocol and client IP behind the load balancer", ProductionSettingRules.TrustProxy),
        new(["session-cookie-not-secure"], "secure session cookie",
            "production's `session.cookie.secure` is not `true`: the session cookie also travels over plain http (an error with a `__Host-` cookie name, which browsers then refuse)",
            ProductionSettingRules.SecureSessionCookie),
        new(["grunt-in-production"], "Grunt",
            "the asset pipeline runs at each lift, or never (sails-hook-grunt a devDependency)", DeploymentStepRules.Grunt),
        new(["bootstrap-unguarded-writes"], "bootstrap writes",
            "`config/bootstrap.js` writes at every lift with no guard detected", DeploymentStepRules.Bootstrap),
        new(["sailsrc-comments"], ".sailsrc comments",
            "comments in `.sailsrc`, which Sails 1.5.17 and later refuse at start", ProductionSettingRules.SailsrcComments),
    ];

    /// <summary>What the checks look at, for the report's footer.</summary>
    public static string Checked => string.Join(", ", All.Select(rule => rule.Checks));

    /// <summary>README's table of findings.</summary>
    public static IEnumerable<string> MarkdownTable() =>
        new[] { "| id | what it means |", "| --- | --- |" }
            .Concat(All.Select(rule => $"| {string.Join(", ", rule.Ids.Select(id => $"`{id}`"))} | {rule.Meaning} |"));
}
