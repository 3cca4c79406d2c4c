namespace Simulator.AppHost.Publish;

/// <summary>
/// `dotnet run --project AppHost -- publish --out FOLDER [--app-image REF] [--Simulator:...]`: the
/// topology the AppHost would run, from the same settings, written as a Swarm stack and Kubernetes
/// manifests instead of started here. Bad input gets one line and exit code 2.
/// </summary>
public static class PublishCommand
{
    public const string Verb = "publish";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    public static int Run(string[] args, SimulatorOptions options, SailsApp app)
    {
        var folder = Value(args, "--out");
        if (folder is null)
        {
            Console.Error.WriteLine("publish: --out FOLDER is required (where the stack, the manifests and the generated secrets go).");
            return 2;
        }

        folder = Path.GetFullPath(folder);
        if (PublishFolder.RefusalFor(folder) is { } refusal)
        {
            Console.Error.WriteLine(refusal);
            return 2;
        }

        if (PublishScope.RefusalFor(app) is { } outOfScope)
        {
            Console.Error.WriteLine(outOfScope);
            return 2;
        }

        var appImage = Value(args, "--app-image") ?? DefaultAppImage(app);
        var topology = PublishedTopology.For(options, app, appImage);
        var written = PublishFolder.Write(topology, folder);

        Console.WriteLine($"Published {options.Replicas} replicas of {app.Folder.Path} to {folder}: {written.Count} files.");
        Console.WriteLine($"  Swarm:      docker stack deploy -c {Path.Combine(folder, SwarmStack.FileName)} --resolve-image never NAME");
        Console.WriteLine($"  Kubernetes: kubectl apply -k {folder}");
        Console.WriteLine($"  Secrets were generated into {Path.Combine(folder, PublishSecrets.Folder)} (kept by the next publish); no other file holds them.");
        Console.WriteLine($"  The app's image, built and pushed where the nodes can pull it: docker build -t {appImage} " +
                          $"--build-arg BASE_IMAGE={app.BaseImage} -f {app.Image.DockerfilePath} {app.Image.ContextPath}");
        return 0;
    }

    /// <summary>The app folder's name, as an image reference allows it.</summary>
    private static string DefaultAppImage(SailsApp app)
    {
        var name = new string(Path.GetFileName(app.Folder.Path.TrimEnd('/')).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).Trim('-', '.', '_');
        return $"{(name.Length > 0 ? name : "sails-app")}:latest";
    }

    private static string? Value(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
