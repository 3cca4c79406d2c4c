namespace Simulator.Tests.Infrastructure;

/// <summary>Waits with a limit, failing with a sentence that says what did not happen.</summary>
public static class Bounded
{
    public static async Task<T> WithinAsync<T>(TimeSpan limit, string what, Func<CancellationToken, Task<T>> action)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            return await action(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s");
        }
    }

    public static Task WithinAsync(TimeSpan limit, string what, Func<CancellationToken, Task> action) =>
        WithinAsync(limit, what, async token => { await action(token); return true; });
}
