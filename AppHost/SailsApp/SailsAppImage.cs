using System.Security.Cryptography;
using System.Text;
using Simulator.SampleAppClient;

namespace Simulator.AppHost;

/// <summary>How an app's image is built: the context is always the app's folder; the Dockerfile its own or a generated one.</summary>
public sealed record SailsAppImage(string ContextPath, string DockerfilePath, bool IsGenerated, IReadOnlyList<string> AddedPackages)
{
    /// <summary>
    /// What every replica needs for the topology's wiring (sails_* variables) and process
    /// management, with versions known to work with Sails 1.5.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TopologyPackages = new Dictionary<string, string>
    {
        ["sails-postgresql"] = "^5.0.1",
        ["@sailshq/connect-redis"] = "^6.1.3",
        ["@sailshq/socket.io-redis"] = "^6.1.2",
        ["pm2"] = "^7.0.4",
    };

    /// <summary>
    /// The app's own Dockerfile when it has one (followed by a layer adding the topology's adapters
    /// where its package.json lacks them, see <see cref="AdapterLayer"/>); otherwise a generated one.
    /// What is generated is written outside the app's folder (a folder per app under <paramref name="generatedRoot"/>).
    /// </summary>
    public static SailsAppImage For(SailsAppFolder app, string generatedRoot)
    {
        var dockerfile = Path.Combine(GeneratedFolder(app.Path, generatedRoot), "Dockerfile");
        if (app.HasDockerfile)
        {
            var lacking = Missing(app, AdapterLayer.Adapters);
            if (lacking.Count == 0 || app.ReadText("Dockerfile") is not { } own)
            {
                return new SailsAppImage(app.Path, Path.Combine(app.Path, "Dockerfile"), IsGenerated: false, []);
            }

            WriteIfChanged(dockerfile, AdapterLayer.Render(app.Path, own, lacking));
            // Beside a Dockerfile outside the context, BuildKit would read the context's .dockerignore: the same, said once.
            WriteIfChanged(dockerfile + ".dockerignore", app.ReadText(".dockerignore") ?? "");
            return new SailsAppImage(app.Path, dockerfile, IsGenerated: false, lacking);
        }

        var added = Missing(app, TopologyPackages.Keys);
        WriteIfChanged(dockerfile, GeneratedDockerfile.Render(app.Path, added));
        WriteIfChanged(dockerfile + ".dockerignore", GeneratedDockerfile.RenderIgnore(app.ReadText(".dockerignore")));
        return new SailsAppImage(app.Path, dockerfile, IsGenerated: true, added);
    }

    /// <summary>The BuildKit secret id under which the app's .npmrc (a private registry's token) reaches npm: never the context, never a layer.</summary>
    public const string NpmConfigSecret = "npmrc";

    /// <summary>
    /// `docker build` of this image, tagged with <paramref name="tags"/>: the app's .npmrc, if it has
    /// one, goes only as the <see cref="NpmConfigSecret"/> secret, which the generated Dockerfile mounts
    /// while npm installs (an own Dockerfile may mount it too).
    /// </summary>
    public IReadOnlyList<string> BuildArguments(string baseImage, IEnumerable<string> tags)
    {
        var npmConfig = Path.Combine(ContextPath, ".npmrc");
        return
        [
            "build", "--progress", "plain",
            "--build-arg", $"BASE_IMAGE={baseImage}",
            .. File.Exists(npmConfig) ? ["--secret", $"id={NpmConfigSecret},src={npmConfig}"] : Array.Empty<string>(),
            "--file", DockerfilePath,
            .. tags.SelectMany(tag => new[] { "--tag", tag }),
            ContextPath,
        ];
    }

    public string Description =>
        IsGenerated ? $"built from a generated Dockerfile ({DockerfilePath}) adding {(AddedPackages.Count == 0 ? "nothing" : string.Join(", ", AddedPackages))}"
        : AddedPackages.Count > 0 ? $"built from its own Dockerfile and a layer adding {string.Join(", ", AddedPackages)}, which its package.json does not declare ({DockerfilePath})"
        : "built from its own Dockerfile";

    /// <summary>The packages of the list the app's package.json does not declare, with the versions the simulator adds.</summary>
    private static List<string> Missing(SailsAppFolder app, IEnumerable<string> packages) =>
        packages.Where(p => !app.Package.Dependencies.Contains(p)).Select(p => $"{p}@{TopologyPackages[p]}").ToList();

    /// <summary>Where an app's generated Dockerfile lives: one folder per app path.</summary>
    public static string GeneratedFolder(string appPath, string generatedRoot)
    {
        var app = Path.TrimEndingDirectorySeparator(appPath);
        return Path.Combine(generatedRoot, $"{Path.GetFileName(app)}-{ShortHash(app)}");
    }

    /// <summary>
    /// The default home of generated Dockerfiles: the user's own data folder, not the shared temporary
    /// folder, where another user could create the predictable path first and write the Dockerfile built.
    /// </summary>
    public static string DefaultGeneratedRoot => Path.Combine(ProductDataFolder.Root, "images");

    private const UnixFileMode UserOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    // Several resources (and concurrent runs) resolve the same app: an unchanged file is left alone,
    // a changed one is replaced in one step.
    private static void WriteIfChanged(string path, string contents)
    {
        if (File.Exists(path) && File.ReadAllText(path) == contents)
        {
            return;
        }

        CreatePrivateFolder(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The folder of a generated Dockerfile and its parent: writable by the current user alone, also when made earlier with other modes.</summary>
    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        foreach (var level in new[] { Path.GetDirectoryName(folder)!, folder })
        {
            Directory.CreateDirectory(level, UserOnly);
            File.SetUnixFileMode(level, UserOnly);
        }
    }
}
