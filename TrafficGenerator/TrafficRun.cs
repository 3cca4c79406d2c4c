using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Simulator.SampleAppClient;

namespace Simulator.TrafficGenerator;

/// <summary>
/// One run of traffic: the virtual users and the sockets, over one shared HttpClient. Both the
/// dashboard's "traffic" resource and the load report drive the app through this.
/// </summary>
public sealed class TrafficRun : IDisposable
{
    // A socket that closed is opened again after this pause (e.g. its replica was crashed).
    private static readonly TimeSpan ReconnectPause = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly RateLimiter? _pace;
    private readonly CancellationToken _abandon;

    /// <param name="abandon">Cancels requests in flight; until then a stopped user finishes its current request.</param>
    /// <param name="authority">The CA the proxy's certificate chains to (null over plain http); the sockets trust it too.</param>
    public TrafficRun(TrafficOptions options, ProductCertificateAuthority? authority, HttpClient http, TrafficMetrics metrics, ILogger logger, CancellationToken abandon)
    {
        Options = options;
        Authority = authority;
        Metrics = metrics;
        _http = http;
        _logger = logger;
        _abandon = abandon;
        _pace = options.RatePerSecond > 0 ? Pace(options.RatePerSecond) : null;
    }

    public TrafficOptions Options { get; }

    public ProductCertificateAuthority? Authority { get; }

    public TrafficMetrics Metrics { get; }

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Marks this run's messages, so its sockets count only them among everyone's.</summary>
    public string MessagePrefix => $"traffic {RunId} ";

    public SailsSession NewSession() => new(_http, Options.ProxyUri, Metrics, _pace, _abandon);

    public Task RunUsersAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(1, Options.Concurrency).Select(index => new VirtualUser(index, this).RunAsync(stop)));

    /// <summary>
    /// Keeps <see cref="TrafficOptions.Sockets"/> sockets open until <paramref name="stop"/>,
    /// reopening any that close. Returns once each has made its first attempt, with the task
    /// that completes when all are closed.
    /// </summary>
    public async Task<Task> OpenSocketsAsync(CancellationToken stop)
    {
        var firstAttempts = Enumerable.Range(0, Options.Sockets).Select(_ => new TaskCompletionSource()).ToList();
        var held = Task.WhenAll(firstAttempts.Select(attempt => HoldSocketAsync(attempt, stop)));
        await Task.WhenAll(firstAttempts.Select(a => a.Task));
        return held;
    }

    private async Task HoldSocketAsync(TaskCompletionSource firstAttempt, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var socket = await SocketListener.ConnectAsync(this, stop);
                firstAttempt.TrySetResult();
                await socket.Closed.WaitAsync(stop);
                _logger.LogWarning("The socket held by {Replica} closed; opening another", socket.Replica);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogWarning("A socket to {Url} failed: {Reason}", Options.Url, e.Message);
            }

            firstAttempt.TrySetResult();
            try
            {
                await Task.Delay(ReconnectPause, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        firstAttempt.TrySetResult();
    }

    /// <summary>An even pace in whole tokens: one every 1/rate s below 10/s, else rate/10 every 100 ms.</summary>
    private static TokenBucketRateLimiter Pace(double perSecond)
    {
        var (tokens, period) = perSecond < 10
            ? (1, TimeSpan.FromSeconds(1 / perSecond))
            : ((int)Math.Round(perSecond / 10), TimeSpan.FromMilliseconds(100));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            AutoReplenishment = true,
        });
    }

    public void Dispose() => _pace?.Dispose();
}
