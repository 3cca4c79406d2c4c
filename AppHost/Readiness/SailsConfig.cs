using System.Text.RegularExpressions;

namespace Simulator.AppHost.Readiness;

/// <summary>A setting as the app's production configuration writes it, and the file that writes it.</summary>
public sealed record ConfigSetting(string Path, string File, JsValue Value);

/// <summary>
/// The app's production configuration as Sails merges it at lift with NODE_ENV=production, read
/// as text: config/**/*.js, then config/env/production.js (and config/env/production/), then
/// .sailsrc, each overriding the one before. config/local.js is left out: it is development-only
/// and not deployed (`sails new` lists it in .gitignore).
/// </summary>
public sealed partial class SailsConfig
{
    private readonly List<(string File, JsObject Root)> _sources = [];

    /// <summary>Config files whose exports are not a literal object, so their settings are not checked.</summary>
    public List<string> UnreadFiles { get; } = [];

    public static SailsConfig Read(SailsAppFolder app)
    {
        var config = new SailsConfig();
        var general = app.FilesUnder("config", "*.js")
            .Where(f => !f.StartsWith("config/env/", StringComparison.Ordinal) && !f.StartsWith("config/locales/", StringComparison.Ordinal)
                        && f != "config/local.js");
        var production = app.FilesUnder("config/env/production", "*.js").Prepend("config/env/production.js");
        foreach (var file in general.Concat(production))
        {
            if (app.ReadText(file) is { } text)
            {
                config.AddJsFile(file, JsText.StripComments(text));
            }
        }

        if (app.ReadText(".sailsrc") is { } sailsrc)
        {
            // JSON is an object literal too.
            var open = sailsrc.IndexOf('{');
            config.Add(".sailsrc", open < 0 ? null : JsObject.Parse(sailsrc, open));
        }

        return config;
    }

    /// <summary>
    /// The setting at a dotted path (e.g. "session.adapter") from the file that wins, or null when
    /// no file sets it. A value met on the way that is not an object literal (a variable, a call),
    /// or a `...spread` that may hold the key, is returned as it is: the caller cannot judge it.
    /// </summary>
    public ConfigSetting? Find(string path)
    {
        var keys = path.Split('.');
        for (var s = _sources.Count - 1; s >= 0; s--)
        {
            var (file, node) = _sources[s];
            for (var k = 0; k < keys.Length; k++)
            {
                if (!node.TryGet(keys[k], out var value))
                {
                    if (node.HasSpread)
                    {
                        return new ConfigSetting(string.Join('.', keys[..(k + 1)]), file, new JsValue("...spread"));
                    }

                    break;
                }

                if (k == keys.Length - 1 || value.AsObject is not { } child)
                {
                    return new ConfigSetting(string.Join('.', keys[..(k + 1)]), file, value);
                }

                node = child;
            }
        }

        return null;
    }

    private void AddJsFile(string file, string js)
    {
        var whole = WholeExports().Match(js);
        if (whole.Success)
        {
            Add(file, JsObject.Parse(js, whole.Index + whole.Length - 1));
            return;
        }

        // module.exports.session = {...}; (one or more per file)
        var properties = new List<string>();
        foreach (Match export in NamedExport().Matches(js))
        {
            var valueStart = export.Index + export.Length;
            var valueEnd = JsText.EndOfExpression(js, valueStart);
            properties.Add($"{export.Groups["name"].Value}: {js[valueStart..valueEnd]}");
        }

        if (properties.Count > 0)
        {
            Add(file, JsObject.Parse("{" + string.Join(",\n", properties) + "}"));
        }
        else if (js.Contains("module.exports", StringComparison.Ordinal))
        {
            UnreadFiles.Add(file);
        }
    }

    private void Add(string file, JsObject? root)
    {
        if (root is null)
        {
            UnreadFiles.Add(file);
        }
        else
        {
            _sources.Add((file, root));
        }
    }

    [GeneratedRegex(@"module\.exports\s*=\s*\{")]
    private static partial Regex WholeExports();

    [GeneratedRegex(@"module\.exports\.(?<name>[A-Za-z_$][\w$]*)\s*=\s*")]
    private static partial Regex NamedExport();
}
