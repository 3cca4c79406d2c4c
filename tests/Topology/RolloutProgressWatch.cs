using Aspire.Hosting;

namespace Simulator.Tests.Topology;

/// <summary>The states the rollouts' resource shows in the dashboard, in order, from the watch's start.</summary>
public sealed class RolloutProgressWatch : IAsyncDisposable
{
    public const string Resource = "rollouts";

    private readonly Lock _gate = new();
    private readonly List<string> _states = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;

    private RolloutProgressWatch() { }

    /// <summary>Returns once the watch receives the current state: every later one is seen.</summary>
    public static async Task<RolloutProgressWatch> StartAsync(DistributedApplication app)
    {
        var watch = new RolloutProgressWatch();
        watch._watching = watch.WatchAsync(app);
        await watch.UntilAsync("the rollouts' resource's current state", states => states.Count > 0);
        return watch;
    }

    private async Task WatchAsync(DistributedApplication app)
    {
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(_stop.Token))
            {
                if (update.Resource.Name == Resource && update.Snapshot.State?.Text is { } state)
                {
                    TaskCompletionSource changed;
                    lock (_gate)
                    {
                        _states.Add(state);
                        (changed, _changed) = (_changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    }

                    changed.SetResult();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Every state shown since the start (the first is the state before it), once the last one is <paramref name="final"/>.</summary>
    public Task<IReadOnlyList<string>> UntilAsync(string final) =>
        UntilAsync($"the rollouts' resource showing \"{final}\"", states => states.LastOrDefault() == final);

    private Task<IReadOnlyList<string>> UntilAsync(string what, Func<List<string>, bool> reached) =>
        Bounded.WithinAsync(Bounded.HangLimit, what, async token =>
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (reached(_states))
                    {
                        return (IReadOnlyList<string>)_states.ToList();
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(token);
            }
        });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
