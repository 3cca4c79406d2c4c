namespace Simulator.TrafficGenerator.Report;

/// <summary>The figures of one load run, computed from what the recorder saw.</summary>
public sealed record LoadSummary(
    TimeSpan Duration,
    long Requests,
    double RequestsPerSecond,
    double P50,
    double P95,
    double P99,
    IReadOnlyList<(string Status, long Count)> Errors,
    IReadOnlyList<(string Replica, long Count)> ServedBy,
    long MessagesSent,
    long MessagesDelivered,
    long DeliveriesExpected,
    long Sockets,
    IReadOnlyList<LoadSecond> Timeline)
{
    public long ErrorCount => Errors.Sum(e => e.Count);

    public static LoadSummary From(LoadRecorder recorder, TimeSpan duration)
    {
        var requests = recorder.Requests.ToList();
        var latencies = requests.Select(r => r.Milliseconds).Order().ToArray();
        // Whole seconds only: the last, partial one (requests finishing after the stop) would read as a drop.
        var timeline = requests
            .GroupBy(r => (int)r.At.TotalSeconds)
            .Where(g => g.Key < (int)duration.TotalSeconds)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var second = g.Select(r => r.Milliseconds).Order().ToArray();
                return new LoadSecond(g.Key, second.Length, Percentile(second, 50), Percentile(second, 95));
            })
            .ToList();

        return new LoadSummary(
            duration,
            requests.Count,
            requests.Count / Math.Max(duration.TotalSeconds, 0.001),
            Percentile(latencies, 50),
            Percentile(latencies, 95),
            Percentile(latencies, 99),
            CountBy(requests.Where(r => TrafficMetrics.IsError(r.Status)), r => r.Status),
            CountBy(requests, r => r.Replica),
            recorder.MessagesSent,
            recorder.MessagesDelivered,
            recorder.DeliveriesExpected,
            recorder.SocketsOpen,
            timeline);
    }

    /// <summary>Nearest-rank percentile of sorted values; 0 when there are none.</summary>
    public static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];

    private static List<(string, long)> CountBy(IEnumerable<RequestSample> requests, Func<RequestSample, string> key) =>
        requests.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count())).ToList();
}

/// <summary>One second of the run: requests that ended in it and their latency.</summary>
public sealed record LoadSecond(int Second, int Requests, double P50, double P95);
