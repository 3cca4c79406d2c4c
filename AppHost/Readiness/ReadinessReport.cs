namespace Simulator.AppHost.Readiness;

/// <summary>What would break when the app runs as several replicas behind a load balancer, found before it lifts.</summary>
public sealed record ReadinessReport(string AppPath, IReadOnlyList<ReadinessFinding> Findings, IReadOnlyList<string> Notes)
{
    private static readonly Func<ReadinessContext, IEnumerable<ReadinessFinding>>[] Rules =
    [
        StatelessReplicaRules.SessionStore,
        StatelessReplicaRules.SocketAdapter,
        StatelessReplicaRules.Datastore,
        StatelessReplicaRules.LocalDiskFiles,
        DeploymentStepRules.Migrations,
        ProductionSettingRules.SocketOrigins,
        ProductionSettingRules.TrustProxy,
        ProductionSettingRules.SecureSessionCookie,
        ProductionSettingRules.MigrateSafe,
        DeploymentStepRules.Grunt,
        DeploymentStepRules.Bootstrap,
    ];

    /// <summary>What the checks look at, for the report's footer.</summary>
    public const string Checked =
        "session store, socket adapter, datastore, files on local disk, migrations, socket origins, trustProxy, secure session cookie, models.migrate, Grunt, bootstrap writes";

    public static ReadinessReport Inspect(SailsAppFolder app)
    {
        var config = SailsConfig.Read(app);
        var context = new ReadinessContext(app, config);
        var findings = Rules.SelectMany(rule => rule(context)).OrderBy(f => f.Severity).ToList();
        var notes = config.UnreadFiles
            .Select(file => $"{file}: its exports are not an object literal; its settings are not checked.")
            .Concat(context.Notes);
        if (app.Exists("config/local.js"))
        {
            notes = notes.Append("config/local.js: not read; it is for development and is not deployed.");
        }

        return new ReadinessReport(app.Path, findings, notes.Distinct().ToList());
    }

    public string Summary => Findings.Count switch
    {
        0 => "no findings",
        1 => "1 finding",
        var n => $"{n} findings",
    };

    public IEnumerable<string> Ids => Findings.Select(f => f.Id);
}
