using System.Net;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Infrastructure;

/// <summary>
/// GETs one after another through a proxy while something happens to the replicas, until stopped:
/// how many were sent, which failed (any answer but 200, or no answer), which replica served the rest.
/// </summary>
public sealed class SteadyGets
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<Result> _loop;

    private SteadyGets(Func<Task<HttpResponseMessage>> get) => _loop = Task.Run(() => LoopAsync(get));

    public sealed record Result(int Requests, IReadOnlyList<string> Failures, IReadOnlyDictionary<string, int> ServedBy)
    {
        public string Summary => $"{Requests} GETs, {Failures.Count} failed ({string.Join("; ", Failures.Take(5))}), served by " +
                                 string.Join(", ", ServedBy.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
    }

    public static SteadyGets Start(Func<Task<HttpResponseMessage>> get) => new(get);

    public async Task<Result> StopAsync()
    {
        await _stop.CancelAsync();
        return await _loop;
    }

    private async Task<Result> LoopAsync(Func<Task<HttpResponseMessage>> get)
    {
        var (requests, failures, servedBy) = (0, new List<string>(), new Dictionary<string, int>());
        while (!_stop.IsCancellationRequested)
        {
            requests++;
            try
            {
                using var response = await get();
                var replica = SampleAppApi.ServedBy(response) ?? "(the proxy)";
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} from {replica}");
                }
                else
                {
                    servedBy[replica] = servedBy.GetValueOrDefault(replica) + 1;
                }
            }
            catch (HttpRequestException e)
            {
                failures.Add(e.Message);
            }
        }

        return new Result(requests, failures, servedBy);
    }
}
