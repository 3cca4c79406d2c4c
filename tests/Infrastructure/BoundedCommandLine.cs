using System.Diagnostics;
using Simulator.AppHost;

namespace Simulator.Tests.Infrastructure;

/// <summary>A command-line program a test runs as a user would, killed with its children if it hangs past the limit.</summary>
public static class BoundedCommandLine
{
    public static Task<CommandLineRun.Result> RunAsync(ProcessStartInfo start, TimeSpan limit, string? input = null) =>
        Bounded.WithinAsync(limit, $"`{Describe(start)}` ending", token => CommandLineRun.RunAsync(start, token, input));

    /// <summary>Its output's lines, then its error output's, trimmed, without empty ones.</summary>
    public static List<string> Lines(CommandLineRun.Result run) =>
        [.. $"{run.Output}\n{run.Error}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static string Describe(ProcessStartInfo start) => string.Join(' ', [start.FileName, .. start.ArgumentList]);
}
