namespace Simulator.AppHost.Readiness;

/// <summary>What would break when the app runs as several replicas behind a load balancer, found before it lifts.</summary>
public sealed record ReadinessReport(string AppPath, IReadOnlyList<ReadinessFinding> Findings, IReadOnlyList<string> Notes)
{
    public static ReadinessReport Inspect(SailsAppFolder app)
    {
        var context = new ReadinessContext(app);
        var findings = ReadinessRules.All.SelectMany(rule => rule.Run(context)).OrderBy(f => f.Severity).ToList();
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
