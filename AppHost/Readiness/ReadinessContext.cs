namespace Simulator.AppHost.Readiness;

/// <summary>What the rules read: the app folder, its production configuration, and notes on what could not be judged.</summary>
public sealed class ReadinessContext(SailsAppFolder app, SailsConfig config)
{
    public SailsAppFolder App { get; } = app;

    public SailsConfig Config { get; } = config;

    /// <summary>Checks that could not be made (computed values, unreadable files), said as such.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>
    /// True when a hook runs in production: core hooks always, installable ones when a production
    /// dependency brings them; unless .sailsrc or the config sets hooks.NAME to false.
    /// </summary>
    public bool HookRuns(string hook, string? package = null) =>
        (package is null || App.Package.Dependencies.Contains(package))
        && Config.Find($"hooks.{hook}")?.Value.AsBoolean != false;

    /// <summary>
    /// The literal string a setting is set to, "" when no file sets it, or null when it is set
    /// to something that cannot be read without running the app (a note says so).
    /// </summary>
    public string? StringSetting(string path)
    {
        var setting = Config.Find(path);
        if (setting is null)
        {
            return "";
        }

        if (setting.Value.AsString is { } text)
        {
            return text;
        }

        NotJudged(path, setting);
        return null;
    }

    /// <summary>Says that a setting was not judged because its value is only known at run time.</summary>
    public void NotJudged(string path, ConfigSetting setting) =>
        Notes.Add($"{path}: {setting.File} sets {setting.Path} to `{Shorten(setting.Value.Text)}`, which is computed at run time; not checked.");

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : line[..57] + "...";
    }
}
