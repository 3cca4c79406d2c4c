namespace Simulator.Tests.Infrastructure;

/// <summary>
/// Waits that end on an event or a passing check, with an outer limit that only catches hangs:
/// a busy machine makes them slower, never red. A failure says what was awaited and what was seen.
/// </summary>
public static class Bounded
{
    /// <summary>Far above any healthy duration on a loaded 2-core machine; reaching it means a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(3);

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

    /// <summary>Repeats a check until it passes or the limit is reached; the last failure explains the timeout.</summary>
    public static async Task EventuallyAsync(TimeSpan limit, string what, Func<Task> check)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not OutOfMemoryException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (Exception e)
            {
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s; last failure: {e.Message}", e);
            }
        }
    }
}
