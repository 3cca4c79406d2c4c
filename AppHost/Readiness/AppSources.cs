namespace Simulator.AppHost.Readiness;

/// <summary>
/// The app's files as the report reads them: each JavaScript or JSON file parsed once and never
/// run. A file that cannot be read (permissions, a FIFO, socket or device, a directory where a
/// file is expected) or parsed becomes a note, never a failure.
/// </summary>
public sealed class AppSources(SailsAppFolder app)
{
    private readonly Dictionary<string, JsModule?> _parsed = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [.. app.Package.Problems];

    public SailsAppFolder App { get; } = app;

    /// <summary>What was not read or not judged, one line each, in the order met.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>A file parsed (as JSON when it ends in .json); null when the app has none, or it cannot be read or parsed (a note says so).</summary>
    public JsModule? Parse(string file)
    {
        if (_parsed.TryGetValue(file, out var known))
        {
            return known;
        }

        JsModule? module = null;
        if (App.TryReadText(file, out var text, out var problem))
        {
            var parsed = file.EndsWith(".json", StringComparison.Ordinal)
                ? JsModule.TryParseJson(text, allowComments: false, out module, out var error)
                : JsModule.TryParse(text, out module, out error);
            if (!parsed)
            {
                Note($"{file}: {error}; Node cannot load it, and it is not checked.");
            }
        }
        else if (problem is not null)
        {
            Note($"{file}: {problem}.");
        }

        return _parsed[file] = module;
    }

    /// <summary>The files below a folder in the order Sails loads them (see <see cref="SailsAppFolder.Walk"/>); a folder that cannot be listed is a note.</summary>
    public IReadOnlyList<string> Files(string folder, Func<string, bool> include, Func<string, bool>? enter = null) =>
        App.Walk(folder, include, enter, (path, problem) => Note($"{path}: {problem}.")).ToList();

    /// <summary>The JavaScript files below a folder.</summary>
    public IReadOnlyList<string> Scripts(string folder) => Files(folder, file => file.EndsWith(".js", StringComparison.Ordinal));

    public void Note(string note)
    {
        if (!_notes.Contains(note))
        {
            _notes.Add(note);
        }
    }
}
