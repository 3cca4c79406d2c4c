using System.Globalization;
using System.Text;

namespace Simulator.TrafficGenerator.Report;

/// <summary>Writes a run's folder: report.md (settings, the table, the timeline) and chart.png.</summary>
public static class ReportWriter
{
    public const string ReportFile = "report.md";
    public const string ChartFile = "chart.png";

    /// <summary>A new folder under <paramref name="parent"/>, named for the moment the run ended.</summary>
    public static string CreateFolder(string parent)
    {
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var folder = Path.GetFullPath(Path.Combine(parent, $"load-{stamp}"));
        for (var n = 2; Directory.Exists(folder); n++)
        {
            folder = Path.GetFullPath(Path.Combine(parent, $"load-{stamp}-{n}"));
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Write(string folder, string heading, LoadSummary summary)
    {
        ReportChart.SavePng(summary, Path.Combine(folder, ChartFile));

        var report = new StringBuilder()
            .Append($"# Load report\n\n{heading}\n\n")
            .Append(ReportTable.Render(summary))
            .Append($"\n![requests/s and latency over time]({ChartFile})\n\n")
            .Append("## Second by second\n\n| second | requests | p50 (ms) | p95 (ms) |\n| ---: | ---: | ---: | ---: |\n");
        foreach (var second in summary.Timeline)
        {
            report.Append(CultureInfo.InvariantCulture, $"| {second.Second} | {second.Requests} | {second.P50:0.0} | {second.P95:0.0} |\n");
        }

        File.WriteAllText(Path.Combine(folder, ReportFile), report.ToString());
    }
}
