namespace Simulator.SampleAppClient;

/// <summary>
/// Lines one of the simulator's processes prints and another reads: each defined once, here.
/// </summary>
public static class ConsoleContract
{
    /// <summary>
    /// The load report's last line on stdout, followed by the report's folder; the AppHost's
    /// "Run load test" command reads the folder from it.
    /// </summary>
    public const string ReportWrittenTo = "Report written to ";

    /// <summary>
    /// The AppHost's console line once every replica is healthy and the proxy serves them, followed by
    /// the app's address; eng/measure-startup.sh waits for it (a fast test checks that it does).
    /// </summary>
    public const string AppServedAt = "The Sails app is served at ";

    /// <summary>
    /// The AppHost's debug line (category Simulator.Timeline) when a resource first runs, turns healthy
    /// or exits, followed by "RESOURCE MILESTONE UNIX-MILLISECONDS"; eng/measure-startup.sh reads it.
    /// </summary>
    public const string StartupTimeline = "timeline: ";
}
