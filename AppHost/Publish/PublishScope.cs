namespace Simulator.AppHost.Publish;

/// <summary>
/// What publish does not carry yet, refused in one line rather than written wrong: the
/// {database.url}-style references of Simulator:App:Environment (the AppHost resolves them when a
/// container starts; a published file would hold the braces), and skipper-s3's sails_uploads__*
/// settings (it reaches buckets by virtual-host names only the AppHost's network gives the store).
/// </summary>
public static class PublishScope
{
    public static string? RefusalFor(SailsApp app)
    {
        var referencing = app.Options.Environment.Where(e => TopologyReferences.HasReferences(e.Value)).Select(e => e.Key).ToList();
        if (referencing.Count > 0)
        {
            return $"publish: Simulator:App:Environment:{referencing[0]} refers to the topology ({{...}}); publish cannot carry references yet: run it with the AppHost, or give the value itself.";
        }

        return app.Folder.Package.Dependencies.Contains(SailsAppExtensions.SkipperS3)
            ? $"publish: {app.Folder.Path} uploads with skipper-s3, whose sails_uploads__* settings publish cannot carry yet: run it with the AppHost."
            : null;
    }
}
