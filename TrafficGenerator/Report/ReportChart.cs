using ScottPlot;

namespace Simulator.TrafficGenerator.Report;

/// <summary>Throughput and latency second by second, one PNG: where the run slowed down or stalled shows at a glance.</summary>
public static class ReportChart
{
    public static void SavePng(LoadSummary summary, string path)
    {
        var seconds = summary.Timeline.Select(s => (double)s.Second).ToArray();
        using var plot = new Plot();
        plot.Title("Requests/s and latency through the proxy");
        plot.XLabel("time (s)");

        var throughput = plot.Add.Scatter(seconds, summary.Timeline.Select(s => (double)s.Requests).ToArray());
        throughput.LegendText = "requests/s";
        plot.Axes.Left.Label.Text = "requests/s";

        foreach (var (name, values) in new[]
                 {
                     ("p50 latency (ms)", summary.Timeline.Select(s => s.P50)),
                     ("p95 latency (ms)", summary.Timeline.Select(s => s.P95)),
                 })
        {
            var latency = plot.Add.Scatter(seconds, values.ToArray());
            latency.LegendText = name;
            latency.Axes.YAxis = plot.Axes.Right;
        }

        plot.Axes.Right.Label.Text = "latency (ms)";
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 500);
    }
}
