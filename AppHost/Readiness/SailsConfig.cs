using System.Text.RegularExpressions;

namespace Simulator.AppHost.Readiness;

/// <summary>A setting as the app's production configuration writes it, and the file that writes it.</summary>
public sealed record ConfigSetting(string Path, string File, JsValue Value);

/// <summary>
/// The app's production configuration as Sails merges it at lift with NODE_ENV=production, each
/// source over the ones before it (sails/lib/hooks/moduleloader/index.js, loadUserConfig):
/// config/**, then config/env/production/**, then config/env/production.js; then what `rc` reads
/// from .sailsrc, which app.js passes to sails.lift() and which wins over every file
/// (sails/lib/hooks/userconfig/index.js). config/local.js is left out: it is development-only
/// and not deployed (`sails new` lists it in .gitignore).
/// </summary>
public sealed partial class SailsConfig
{
    private readonly List<(string File, JsModule Module)> _sources = [];

    /// <summary>.sailsrc has comments, which only the `rc` package (Sails up to 1.5.16) strips.</summary>
    public bool SailsrcHasComments { get; private set; }

    public static SailsConfig Read(AppSources sources)
    {
        var config = new SailsConfig();
        foreach (var file in LoadOrder(sources))
        {
            if (!file.EndsWith(".js", StringComparison.Ordinal) && !file.EndsWith(".json", StringComparison.Ordinal))
            {
                sources.Note($"{file}: Sails loads it only through a compiler or loader registered by the app; its settings are not checked.");
            }
            else if (sources.Parse(file) is { } module)
            {
                config._sources.Add((file, module));
            }
        }

        config.ReadSailsrc(sources);
        return config;
    }

    /// <summary>
    /// The config files in Sails' order, as include-all finds them (each folder's entries sorted,
    /// a subfolder in its place): config/ without locales, env folders and local.* files;
    /// config/env/production/; then every production.js below config/env.
    /// </summary>
    public static IEnumerable<string> LoadOrder(AppSources sources)
    {
        var general = sources.Files("config",
            include: file => ConfigFile().IsMatch(Name(file)) && !Excluded(file),
            enter: folder => !Excluded(folder) && !EnvOrLocalesFolder().IsMatch(Name(folder)));
        var productionFolder = sources.Files("config/env/production",
            include: file => ConfigFile().IsMatch(Name(file)),
            enter: folder => !VersionControlFolder().IsMatch(Name(folder)));
        var productionFile = sources.Files("config/env",
            include: file => IsProductionFile(Name(file)),
            enter: folder => !VersionControlFolder().IsMatch(Name(folder)));
        return general.Concat(productionFolder).Concat(productionFile);

        // include-all's `exclude: ['locales', /local\..+/]` matches anywhere in the path below config/.
        static bool Excluded(string path)
        {
            var below = path["config/".Length..];
            return below.Contains("locales", StringComparison.Ordinal) || LocalFile().IsMatch(below);
        }
    }

    /// <summary>
    /// The setting at a dotted path (e.g. "session.adapter") from the source that wins, or null
    /// when none sets it. A value met on the way that is known only at run time (a variable, a
    /// call, a `...spread` that may hold the key) is returned as it is: the caller cannot judge it.
    /// </summary>
    public ConfigSetting? Find(string path)
    {
        var keys = path.Split('.');
        for (var s = _sources.Count - 1; s >= 0; s--)
        {
            var (file, module) = _sources[s];
            var found = module.Export(keys);
            if (found.Clears)
            {
                return null;
            }

            if (found.Value is { } value)
            {
                return new ConfigSetting(string.Join('.', keys[..found.Depth]), file, value);
            }
        }

        return null;
    }

    /// <summary>
    /// .sailsrc as `rc` reads it: JSON when it starts with '{' (comments stripped, in the `rc`
    /// package), otherwise ini. Sails 1.5.17 and later bundle their own copy of rc, which does
    /// not strip comments (sails/lib/util/rc.js): there, a commented .sailsrc stops app.js.
    /// </summary>
    private void ReadSailsrc(AppSources sources)
    {
        if (!sources.App.TryReadText(".sailsrc", out var text, out var problem))
        {
            if (problem is not null)
            {
                sources.Note($".sailsrc: {problem}.");
            }

            return;
        }

        if (!JsonStart().IsMatch(text))
        {
            sources.Note(".sailsrc: does not start with '{', so rc reads it as ini, not JSON; its settings are not checked.");
        }
        else if (!JsModule.TryParseJson(text, allowComments: true, out var module, out var error))
        {
            sources.Note($".sailsrc: {error}, which rc refuses: the app does not start; its settings are not checked.");
        }
        else
        {
            SailsrcHasComments = !JsModule.TryParseJson(text, allowComments: false, out _, out _);
            _sources.Add((".sailsrc", module));
        }
    }

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static bool IsProductionFile(string name) => ConfigFile().Match(name) is { Success: true } m && m.Groups[1].Value == "production";

    // moduleloader's SUPPORTED_FILE_EXTENSIONS_FOR_CONFIG (common-js-file-extensions: config, then code).
    [GeneratedRegex(@"^(.+?)\.(json|json.ls|json5|js|iced|liticed|iced.md|coffee|litcoffee|coffee.md|ts|cs|ls|es6|es|jsx|sjs|co|eg)$")]
    private static partial Regex ConfigFile();

    [GeneratedRegex(@"local\..+")]
    private static partial Regex LocalFile();

    [GeneratedRegex(@"(locales|env)$")]
    private static partial Regex EnvOrLocalesFolder();

    // include-all's default excludeDirs.
    [GeneratedRegex(@"^\.(git|svn)$")]
    private static partial Regex VersionControlFolder();

    [GeneratedRegex(@"^\s*\{")]
    private static partial Regex JsonStart();
}
