namespace Simulator.AppHost;

/// <summary>How long a rollout took, in total and per replica, as the command's result and the console report it.</summary>
public sealed class RolloutReport(string what)
{
    private readonly List<(string Replica, TimeSpan Took)> _replicas = [];
    private readonly DateTime _started = DateTime.UtcNow;

    public TimeSpan Total => DateTime.UtcNow - _started;

    public IReadOnlyList<(string Replica, TimeSpan Took)> Replicas => _replicas;

    public async Task TimeAsync(string replica, Func<Task> step)
    {
        var started = DateTime.UtcNow;
        await step();
        _replicas.Add((replica, DateTime.UtcNow - started));
    }

    public override string ToString() =>
        $"{what} in {Total.TotalSeconds:0} s: {string.Join(", ", _replicas.Select(r => $"{r.Replica} {r.Took.TotalSeconds:0} s"))}";
}
