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
        ProductionSettingRules.MigrateSafe,
        DeploymentStepRules.Grunt,
        DeploymentStepRules.Bootstrap,
        ProductionSettingRules.SailsrcComments,
    ];

    /// <summary>What the checks look at, for the report's footer.</summary>
    public const string Checked =
        "session store, socket adapter, datastore, files on local disk, migrations, socket origins, trustProxy, models.migrate, Grunt, bootstrap writes, .sailsrc comments";

    public static ReadinessReport Inspect(SailsAppFolder app)
    {
        var context = new ReadinessContext(app);
        var findings = Rules.SelectMany(rule => rule(context)).OrderBy(f => f.Severity).ToList();
        var notes = context.Notes.AsEnumerable();
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
