namespace Simulator.AppHost;

/// <summary>
/// The app's image, built by the simulator from the app's folder (SailsAppImage's context and
/// Dockerfile) once for every container of the app, and tagged per container: `REPOSITORY:migrate`,
/// `REPOSITORY:sails-1` ... Aspire looks a container's image up when it creates the container, so
/// pointing a container's tag at another build and starting it again runs that build. The version a
/// container runs is its image's id (12 hex digits): the same sources build the same image.
/// </summary>
public sealed class AppImages(SailsApp app, IReadOnlyList<string> containers)
{
    private int _builds;

    /// <summary>One repository per AppHost run, so simulators on one engine never share tags.</summary>
    public string Repository { get; } = $"sails-simulator-app-{Guid.NewGuid():N}"[..28];

    public string Reference(string container) => $"{Repository}:{container}";

    /// <summary>The startup build: every container's tag at once.</summary>
    public IReadOnlyList<string> StartupBuildArguments() => BuildArguments(containers.Select(Reference));

    public string Source => app.Folder.Path;

    /// <summary>Builds the app's folder as it is now; the new version. Fails with the build's last lines.</summary>
    public async Task<string> BuildAsync(CancellationToken cancellationToken)
    {
        var tag = $"{Repository}:build-{Interlocked.Increment(ref _builds)}";
        var build = await DockerCli.RunAsync(BuildArguments([tag]), cancellationToken);
        if (!build.Succeeded)
        {
            var lines = build.Error.Split('\n').TakeLast(10);
            throw new InvalidOperationException($"the image of {app.Folder.Path} did not build:\n{string.Join('\n', lines)}");
        }

        return await VersionOfReferenceAsync(tag, cancellationToken);
    }

    /// <summary>The version a container's tag points at now (a replica created from it runs that version).</summary>
    public Task<string> VersionOfAsync(string container, CancellationToken cancellationToken) =>
        VersionOfReferenceAsync(Reference(container), cancellationToken);

    /// <summary>Points a container's tag at a version; its next start runs it.</summary>
    public async Task PointAsync(string container, string version, CancellationToken cancellationToken)
    {
        var tagged = await DockerCli.RunAsync(["tag", version, Reference(container)], cancellationToken);
        if (!tagged.Succeeded)
        {
            throw new InvalidOperationException($"could not point {container} at version {version}: {tagged.Error}");
        }
    }

    /// <summary>Removes this run's tags (an image no tag names any more goes with them).</summary>
    public async Task RemoveTagsAsync()
    {
        var tags = await DockerCli.RunAsync(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", Repository], CancellationToken.None);
        var references = tags.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (references.Length > 0)
        {
            await DockerCli.RunAsync(["image", "rm", "--force", .. references], CancellationToken.None);
        }
    }

    private async Task<string> VersionOfReferenceAsync(string reference, CancellationToken cancellationToken)
    {
        var inspected = await DockerCli.RunAsync(["image", "inspect", "--format", "{{.Id}}", reference], cancellationToken);
        if (!inspected.Succeeded)
        {
            throw new InvalidOperationException($"no image {reference}: {inspected.Error}");
        }

        return inspected.Output.Trim().Replace("sha256:", "", StringComparison.Ordinal)[..12];
    }

    private IReadOnlyList<string> BuildArguments(IEnumerable<string> tags) => app.Image.BuildArguments(app.BaseImage, tags);
}
