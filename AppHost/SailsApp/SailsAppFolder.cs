using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simulator.AppHost;

/// <summary>
/// What the simulator knows about a Sails app folder, read as files: none of the app's code runs.
/// </summary>
public sealed class SailsAppFolder
{
    private SailsAppFolder(string path, PackageJson package)
    {
        Path = path;
        Package = package;
    }

    public string Path { get; }

    public PackageJson Package { get; }

    public bool HasDockerfile => File.Exists(Combine("Dockerfile"));

    public bool HasMigrateScript => Package.Scripts.ContainsKey("migrate");

    public static SailsAppFolder Read(string path) =>
        new(path, PackageJson.Parse(File.ReadAllText(System.IO.Path.Combine(path, "package.json"))));

    public bool Exists(string relativePath) => File.Exists(Combine(relativePath)) || Directory.Exists(Combine(relativePath));

    /// <summary>A file's text, or null when the app has no such file.</summary>
    public string? ReadText(string relativePath) =>
        File.Exists(Combine(relativePath)) ? File.ReadAllText(Combine(relativePath)) : null;

    /// <summary>Files below a folder of the app matching a pattern, as paths relative to the app, sorted.</summary>
    public IReadOnlyList<string> FilesUnder(string relativeFolder, string pattern) =>
        Directory.Exists(Combine(relativeFolder))
            ? Directory.EnumerateFiles(Combine(relativeFolder), pattern, SearchOption.AllDirectories)
                .Select(file => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/'))
                .Where(file => !file.Split('/').Contains("node_modules"))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>True when config/routes.js declares a route for the path (e.g. 'GET /readyz').</summary>
    public bool DeclaresRoute(string path)
    {
        var routes = ReadText("config/routes.js");
        return routes is not null && Regex.IsMatch(
            Readiness.JsText.StripComments(routes), $"""['"`](?:get\s+)?{Regex.Escape(path)}['"`]\s*:""", RegexOptions.IgnoreCase);
    }

    private string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);
}

/// <summary>The parts of package.json the simulator acts on: production dependencies and scripts.</summary>
public sealed record PackageJson(IReadOnlySet<string> Dependencies, IReadOnlyDictionary<string, string> Scripts)
{
    public static PackageJson Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            var root = document.RootElement;
            return new PackageJson(Names(root, "dependencies"),
                Properties(root, "scripts").ToDictionary(p => p.Name, p => p.Value.ToString()));
        }
        catch (JsonException)
        {
            // npm reports a broken package.json when the image is built; nothing to act on here.
            return new PackageJson(new HashSet<string>(), new Dictionary<string, string>());
        }
    }

    private static HashSet<string> Names(JsonElement root, string section) =>
        Properties(root, section).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<JsonProperty> Properties(JsonElement root, string section) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(section, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject()
            : [];
}
