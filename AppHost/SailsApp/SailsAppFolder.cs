using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Simulator.AppHost.Readiness;

namespace Simulator.AppHost;

/// <summary>
/// What the simulator knows about a Sails app folder, read as files: none of the app's code runs.
/// </summary>
public sealed partial class SailsAppFolder
{
    /// <summary>Larger files are not read: no config or action file is this large.</summary>
    public const long MaxFileBytes = 8 * 1024 * 1024;

    /// <summary>Symbolic links may loop; include-all would follow them until the system refuses.</summary>
    private const int MaxDepth = 32;

    private SailsAppFolder(string path, PackageJson package)
    {
        Path = path;
        Package = package;
    }

    public string Path { get; }

    public PackageJson Package { get; }

    public bool HasDockerfile => File.Exists(Combine("Dockerfile"));

    public bool HasMigrateScript => Package.Scripts.ContainsKey("migrate");

    public static SailsAppFolder Read(string path)
    {
        var folder = new SailsAppFolder(path, PackageJson.Empty);
        var package = folder.TryReadText("package.json", out var json, out var problem)
            ? PackageJson.Parse(json)
            : PackageJson.Empty with { Problems = [$"package.json: {problem ?? "missing"}; its dependencies and scripts are not known."] };
        return new SailsAppFolder(path, package);
    }

    public bool Exists(string relativePath) => File.Exists(Combine(relativePath)) || Directory.Exists(Combine(relativePath));

    /// <summary>A file's text, or null when the app has no such file or it cannot be read (see <see cref="TryReadText"/>).</summary>
    public string? ReadText(string relativePath) => TryReadText(relativePath, out var text, out _) ? text : null;

    /// <summary>
    /// A file's text, never blocking and never throwing. False when there is no such file
    /// (<paramref name="problem"/> null) or when it is not read, with the reason: a directory, an
    /// empty or special file (a FIFO, socket or device is never opened: opening a FIFO waits for a
    /// writer, and none of them has a size), a file over <see cref="MaxFileBytes"/>, or one the
    /// system refuses (permissions, a dangling or looping link).
    /// </summary>
    public bool TryReadText(string relativePath, [NotNullWhen(true)] out string? text, out string? problem)
    {
        text = null;
        problem = null;
        var path = Combine(relativePath);
        try
        {
            if (Directory.Exists(path))
            {
                problem = "a directory, not a file; not read";
                return false;
            }

            // A link's own size is its target's name: what counts is the file at the end of it.
            var file = new FileInfo(path);
            if (file.Exists && file.LinkTarget is not null)
            {
                file = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
                if (!file.Exists)
                {
                    problem = "cannot be read (a link to nothing); not read";
                    return false;
                }
            }

            if (!file.Exists)
            {
                return false;
            }

            if (file.Length == 0)
            {
                problem = "empty, or not a regular file (a FIFO, socket or device); not read";
                return false;
            }

            if (file.Length > MaxFileBytes)
            {
                problem = $"larger than {MaxFileBytes / (1024 * 1024)} MB; not read";
                return false;
            }

            // Bounded even so: a file may grow while it is read.
            using var reader = new StreamReader(path, new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.ReadWrite });
            var read = new StringBuilder();
            var chunk = new char[64 * 1024];
            for (var n = reader.Read(chunk); n > 0; n = reader.Read(chunk))
            {
                if (read.Length + n > MaxFileBytes)
                {
                    problem = $"larger than {MaxFileBytes / (1024 * 1024)} MB; not read";
                    return false;
                }

                read.Append(chunk, 0, n);
            }

            text = read.ToString();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({Reason(e)}); not read";
            return false;
        }
    }

    /// <summary>
    /// The files below a folder of the app in the order Sails' include-all loads them: each
    /// folder's entries sorted by name, a subfolder's files in its place (so `a/` comes before
    /// `a.js`), links followed. <paramref name="include"/> and <paramref name="enter"/> get paths
    /// relative to the app; node_modules is never entered. A folder that cannot be listed is
    /// skipped and passed to <paramref name="onProblem"/>.
    /// </summary>
    public IEnumerable<string> Walk(string relativeFolder, Func<string, bool> include, Func<string, bool>? enter = null,
        Action<string, string>? onProblem = null) =>
        Directory.Exists(Combine(relativeFolder)) ? Walk(relativeFolder, include, enter, onProblem, depth: 0) : [];

    /// <summary>True when config/routes.js declares a route for the path (e.g. 'GET /readyz').</summary>
    public bool DeclaresRoute(string path)
    {
        if (!TryReadText("config/routes.js", out var code, out _))
        {
            return false;
        }

        var route = new Regex($@"^\s*(?:get\s+)?{Regex.Escape(path)}\s*$", RegexOptions.IgnoreCase);
        return JsModule.TryParse(code, out var routes, out _)
               && routes.Export("routes").Value?.AsObject is { } table
               && table.Keys.Any(route.IsMatch);
    }

    private IEnumerable<string> Walk(string folder, Func<string, bool> include, Func<string, bool>? enter,
        Action<string, string>? onProblem, int depth)
    {
        List<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(Combine(folder)).EnumerateFileSystemInfos()
                .OrderBy(entry => entry.Name, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            onProblem?.Invoke(folder, $"cannot be listed ({Reason(e)}); its files are not read");
            yield break;
        }

        foreach (var entry in entries)
        {
            var relative = $"{folder}/{entry.Name}";
            if (entry is not DirectoryInfo)
            {
                if (include(relative))
                {
                    yield return relative;
                }
            }
            else if (entry.Name != "node_modules" && (enter is null || enter(relative)))
            {
                if (depth >= MaxDepth)
                {
                    onProblem?.Invoke(relative, $"more than {MaxDepth} folders deep (a link loop?); not read");
                    continue;
                }

                foreach (var file in Walk(relative, include, enter, onProblem, depth + 1))
                {
                    yield return file;
                }
            }
        }
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "a link to nothing",
        // Without the path the system quotes: the note names the file already.
        _ => QuotedPath().Replace(e.Message, "").TrimEnd('.'),
    };

    private string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    [GeneratedRegex(@"\s*(?::|in)?\s*'[^']*'")]
    private static partial Regex QuotedPath();
}

/// <summary>
/// The parts of package.json the simulator acts on: production dependencies and scripts. A key
/// given twice is read as npm reads it (JSON.parse: the last one wins) and said in
/// <see cref="Problems"/>; so is a file that is not JSON.
/// </summary>
public sealed record PackageJson(IReadOnlySet<string> Dependencies, IReadOnlyDictionary<string, string> Scripts)
{
    public static readonly PackageJson Empty = new(new HashSet<string>(), new Dictionary<string, string>());

    /// <summary>What is wrong with the file, one line each, for the readiness report's notes.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The Node versions the app asks for (engines.node), a semver range; null when it names none.</summary>
    public string? NodeEngine { get; init; }

    public static PackageJson Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            var root = document.RootElement;
            var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var script in Properties(root, "scripts"))
            {
                scripts[script.Name] = script.Value.ToString();
            }

            var duplicates = DuplicateKeys(root, "").Distinct().ToList();
            return new PackageJson(Names(root, "dependencies"), scripts)
            {
                NodeEngine = Properties(root, "engines").Where(p => p.Name == "node" && p.Value.ValueKind == JsonValueKind.String)
                    .Select(p => p.Value.GetString()).LastOrDefault(),
                Problems = duplicates.Count == 0
                    ? []
                    : [$"package.json: {string.Join(", ", duplicates.Select(d => $"\"{d}\""))} given more than once; npm reads the last one, and so does the simulator."],
            };
        }
        catch (JsonException e)
        {
            // npm refuses it when the image is built; nothing to act on here.
            return Empty with { Problems = [$"package.json: not valid JSON (line {e.LineNumber + 1}); npm cannot install the app, and its dependencies and scripts are not known."] };
        }
    }

    private static IEnumerable<string> DuplicateKeys(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany((item, i) => DuplicateKeys(item, $"{path.TrimEnd('.')}[{i}]."));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var properties = element.EnumerateObject().ToList();
        return properties
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => path + g.Key)
            .Concat(properties.SelectMany(p => DuplicateKeys(p.Value, $"{path}{p.Name}.")));
    }

    private static HashSet<string> Names(JsonElement root, string section) =>
        Properties(root, section).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<JsonProperty> Properties(JsonElement root, string section) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(section, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject()
            : [];
}
