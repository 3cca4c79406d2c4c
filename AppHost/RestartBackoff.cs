namespace Simulator.AppHost;

/// <summary>
/// How long a self-healing container waits before each restart, as orchestrators do: 1 s, 2 s,
/// 4 s … at most 30 s, and back to 1 s once it had stayed Healthy for a minute before dying.
/// </summary>
public sealed class RestartBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);

    private int _attempt;

    /// <param name="healthyFor">How long the container had been Healthy without a break before it died.</param>
    public (int Attempt, TimeSpan Delay) Next(TimeSpan healthyFor)
    {
        if (healthyFor >= StableAfter)
        {
            _attempt = 0;
        }

        _attempt++;
        var doublings = Math.Min(_attempt - 1, 30);
        var delay = TimeSpan.FromTicks(Math.Min(First.Ticks << doublings, Cap.Ticks));
        return (_attempt, delay);
    }
}
