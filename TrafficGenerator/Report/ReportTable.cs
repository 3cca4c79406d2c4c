using System.Globalization;
using System.Text;

namespace Simulator.TrafficGenerator.Report;

/// <summary>The figures as a Markdown table: printed on the console and written into report.md, the same text.</summary>
public static class ReportTable
{
    public static IReadOnlyList<(string Figure, string Value)> Rows(LoadSummary summary)
    {
        var rows = new List<(string, string)>
        {
            ("duration", $"{F(summary.Duration.TotalSeconds)} s"),
            ("requests", I(summary.Requests)),
            ("requests/s", F(summary.RequestsPerSecond)),
            ("latency p50", $"{F(summary.P50)} ms"),
            ("latency p95", $"{F(summary.P95)} ms"),
            ("latency p99", $"{F(summary.P99)} ms"),
            ("errors", I(summary.ErrorCount)),
            ("errors by status", summary.Errors.Count == 0 ? "none" : string.Join(", ", summary.Errors.Select(e => $"{e.Status}: {I(e.Count)}"))),
        };
        rows.AddRange(summary.ServedBy.Select(r => (
            $"requests served by {r.Replica}",
            $"{I(r.Count)} ({F(100.0 * r.Count / Math.Max(1, summary.Requests))} %)")));
        rows.Add(("socket messages sent", I(summary.MessagesSent)));
        rows.Add(("socket messages delivered",
            $"{I(summary.MessagesDelivered)} of {I(summary.DeliveriesExpected)} ({I(summary.Sockets)} sockets)"));
        return rows;
    }

    public static string Render(LoadSummary summary)
    {
        var table = new StringBuilder("| figure | value |\n| --- | --- |\n");
        foreach (var (figure, value) in Rows(summary))
        {
            table.Append($"| {figure} | {value} |\n");
        }

        return table.ToString();
    }

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
