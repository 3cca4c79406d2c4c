namespace Simulator.AppHost.Readiness;

/// <summary>What the rules read: the app's files, its production configuration, and notes on what could not be judged.</summary>
public sealed class ReadinessContext
{
    public ReadinessContext(SailsAppFolder app)
    {
        Sources = new AppSources(app);
        Config = SailsConfig.Read(Sources);
    }

    public SailsAppFolder App => Sources.App;

    public AppSources Sources { get; }

    public SailsConfig Config { get; }

    /// <summary>Checks that could not be made (computed values, unreadable files), said as such.</summary>
    public IReadOnlyList<string> Notes => Sources.Notes;

    /// <summary>
    /// True when a hook runs in production: core hooks always, installable ones when a production
    /// dependency brings them; unless .sailsrc or the config sets hooks.NAME to false.
    /// </summary>
    public bool HookRuns(string hook, string? package = null) =>
        (package is null || App.Package.Dependencies.Contains(package))
        && Config.Find($"hooks.{hook}")?.Value.AsBoolean != false;

    /// <summary>
    /// The literal string a setting is set to, "" when no file sets it (or sets null), or null
    /// when it is set to something that cannot be read without running the app (a note says so).
    /// </summary>
    public string? StringSetting(string path)
    {
        var setting = Config.Find(path);
        if (setting is null || setting.Value.IsNothing)
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

    /// <summary>
    /// Says that a setting was not judged because its value is only known at run time: where it
    /// is set and what kind of value it is, never the value's text (it may hold a secret).
    /// </summary>
    public void NotJudged(string path, ConfigSetting setting) =>
        Sources.Note($"{path}: {setting.File}:{setting.Value.Line} sets {(setting.Path.Length == 0 ? "its exports" : setting.Path)} " +
                     $"to {setting.Value.Kind}, known only at run time; not checked.");
}
