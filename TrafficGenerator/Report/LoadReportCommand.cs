using System.Globalization;
using Microsoft.Extensions.Logging;
using Simulator.SampleAppClient;

namespace Simulator.TrafficGenerator.Report;

/// <summary>
/// `report`: a fixed-duration, fixed-concurrency load through the proxy of a running topology.
/// Progress goes to stderr; the table and the report's folder to stdout. Exit 2: bad arguments;
/// exit 1: the proxy does not answer.
/// </summary>
public static class LoadReportCommand
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);
    // Waiting ends as soon as every message is counted; the limit only catches a lost one.
    private static readonly TimeSpan DeliveriesWithin = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var (arguments, problem) = ReportArguments.Parse(args);
        if (arguments is null)
        {
            Console.Error.WriteLine($"error: {problem}");
            return 2;
        }

        var traffic = arguments.Traffic;
        var authority = traffic.LoadAuthority();
        using var metrics = new TrafficMetrics();
        using var http = SailsSession.CreateMeasuredHttpClient(authority, metrics);
        if (await ProxyProblemAsync(http, traffic.ProxyUri) is { } down)
        {
            Console.Error.WriteLine($"error: {down}");
            return 1;
        }

        using var logging = LoggerFactory.Create(logs => logs.AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter(level => level >= LogLevel.Warning));
        using var recorder = new LoadRecorder();
        using var run = new TrafficRun(traffic, authority, http, metrics, logging.CreateLogger("report"), abandon: CancellationToken.None);

        using var stopSockets = new CancellationTokenSource();
        var sockets = await run.OpenSocketsAsync(stopSockets.Token);
        var heading = string.Create(CultureInfo.InvariantCulture,
            $"{arguments.Duration.TotalSeconds:0.#} s, {traffic.Concurrency} virtual users, {recorder.SocketsOpen} sockets, through {traffic.Url} (run {run.RunId})");
        Console.Error.WriteLine($"Load: {heading}");

        recorder.StartClock();
        using var stopUsers = new CancellationTokenSource(arguments.Duration);
        var users = run.RunUsersAsync(stopUsers.Token);
        await ShowProgressAsync(recorder, users, ProgressInterval(arguments.Duration));
        var elapsed = recorder.Elapsed;

        await recorder.WaitForDeliveriesAsync(DeliveriesWithin);
        var summary = LoadSummary.From(recorder, elapsed);
        await stopSockets.CancelAsync();
        await sockets;

        var folder = ReportWriter.CreateFolder(arguments.Out);
        ReportWriter.Write(folder, heading, summary);
        Console.WriteLine(heading);
        Console.WriteLine();
        Console.Write(ReportTable.Render(summary));
        Console.WriteLine();
        Console.WriteLine($"{ConsoleContract.ReportWrittenTo}{folder}");
        return 0;
    }

    /// <summary>The reason the proxy cannot take a load, or null when it answers.</summary>
    private static async Task<string?> ProxyProblemAsync(HttpClient http, Uri proxy)
    {
        using var timeout = new CancellationTokenSource(AnswerWithin);
        try
        {
            using var answer = await http.GetAsync(proxy, timeout.Token);
            return (int)answer.StatusCode < 500
                ? null
                : $"the proxy at {proxy} answered {(int)answer.StatusCode} to GET /; are the replicas healthy (see the dashboard)?";
        }
        catch (HttpRequestException e)
        {
            return $"the proxy at {proxy} does not answer ({e.Message}); start the simulator first: dotnet run --project AppHost";
        }
        catch (OperationCanceledException)
        {
            return $"the proxy at {proxy} did not answer GET / within {AnswerWithin.TotalSeconds:0} s";
        }
    }

    /// <summary>A progress line every few seconds, until the users stop: totals, and the last few seconds' rate and p95.</summary>
    private static async Task ShowProgressAsync(LoadRecorder recorder, Task users, TimeSpan interval)
    {
        var windowStart = TimeSpan.Zero;
        while (await Task.WhenAny(users, Task.Delay(interval)) != users)
        {
            var now = recorder.Elapsed;
            var requests = recorder.Requests.ToList();
            var window = requests.Where(r => r.At >= windowStart).Select(r => r.Milliseconds).Order().ToArray();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{now.TotalSeconds,5:0} s {requests.Count,8} requests {window.Length / (now - windowStart).TotalSeconds,8:0.0} req/s  p95 {LoadSummary.Percentile(window, 95),7:0.0} ms  errors {requests.Count(r => TrafficMetrics.IsError(r.Status))}  socket messages delivered {recorder.MessagesDelivered}/{recorder.DeliveriesExpected}"));
            windowStart = now;
        }

        await users;
    }

    private static TimeSpan ProgressInterval(TimeSpan duration) => TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 6, 1, 5));
}
