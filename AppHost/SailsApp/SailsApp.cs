namespace Simulator.AppHost;

/// <summary>
/// The Sails app as the simulator runs it, read once from its folder: what it is, how its image is
/// built, what each replica's health check asks, what the migration job runs, whom its sockets accept.
/// </summary>
public sealed record SailsApp(
    AppOptions Options,
    ProxyOptions Proxy,
    SailsAppFolder Folder,
    SailsAppImage Image,
    string BaseImage,
    string HealthPath,
    MigrationPlan Migration)
{
    /// <summary>
    /// Reads the app's folder and prepares its image: an app without a Dockerfile gets one
    /// generated now, outside its folder (see <see cref="SailsAppImage.For"/>).
    /// </summary>
    public static SailsApp Prepare(SimulatorOptions options)
    {
        var folder = SailsAppFolder.Read(options.App.Path);
        return new SailsApp(
            options.App,
            options.Proxy,
            folder,
            SailsAppImage.For(folder, SailsAppImage.DefaultGeneratedRoot),
            options.Images.Node,
            ReplicaHealthCheck.PathFor(options.App, folder),
            MigrationPlan.For(options.App, folder));
    }
}
