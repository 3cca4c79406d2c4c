namespace Simulator.AppHost.Readiness;

/// <summary>The report as text lines: a Markdown table, readable in the console, in the dashboard's log view and in an issue.</summary>
public static class ReadinessTable
{
    private const string Supplied = " The simulator supplies this at run time.";

    public static IReadOnlyList<string> Render(ReadinessReport report)
    {
        var errors = report.Findings.Count(f => f.Severity == ReadinessSeverity.Error);
        var lines = new List<string>
        {
            $"Production readiness of {report.AppPath}: {report.Summary}" +
            (report.Findings.Count > 0 ? $" ({errors} errors, {report.Findings.Count - errors} warnings)" : ""),
        };

        if (report.Findings.Count > 0)
        {
            var rows = report.Findings
                .Select(f => new[] { f.Severity.ToString().ToLowerInvariant(), f.Id, f.File, f.Problem, f.Fix + (f.SuppliedBySimulator ? Supplied : "") })
                .Prepend(["severity", "id", "file", "problem", "fix"])
                .ToList();
            var widths = Enumerable.Range(0, 3).Select(column => rows.Max(row => row[column].Length)).ToArray();
            lines.Add(Row(rows[0], widths));
            lines.Add(Row(["---", "---", "---", "---", "---"], widths));
            lines.AddRange(rows.Skip(1).Select(row => Row(row, widths)));
        }

        lines.Add($"Checked, as text (nothing found means not detected): {ReadinessRules.Checked}.");
        lines.AddRange(report.Notes.Select(note => "Not checked: " + note));
        return lines;
    }

    private static string Row(string[] cells, int[] widths) =>
        "| " + string.Join(" | ", cells.Select((cell, column) =>
            Escape(cell).PadRight(column < widths.Length ? widths[column] : 0))) + " |";

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
