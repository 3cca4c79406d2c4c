namespace Simulator.AppHost.Readiness;

public enum ReadinessSeverity
{
    /// <summary>Breaks with more than one replica, or loses data.</summary>
    Error,

    /// <summary>Works, but not as production needs it.</summary>
    Warning,
}

/// <summary>
/// One thing that would break or misbehave in a multi-replica production. SuppliedBySimulator:
/// the simulator's environment covers it at run time, so the app runs here, yet the app's own
/// production configuration still lacks it.
/// </summary>
public sealed record ReadinessFinding(
    string Id, ReadinessSeverity Severity, string File, string Problem, string Fix, bool SuppliedBySimulator = false);
