using System.Diagnostics;
using Simulator.AppHost;

namespace Simulator.Tests.Infrastructure;

/// <summary>
/// The Aspire CLI as a terminal user or a CI script runs it against this checkout's AppHost:
/// `dotnet aspire`, the version pinned in .config/dotnet-tools.json (eng/provision.sh restores it).
/// </summary>
public static class AspireCli
{
    private static readonly string AppHostProject = Path.Combine(RepositoryPaths.AppHost, "AppHost.csproj");

    /// <summary>Runs `dotnet aspire COMMAND… --apphost … --non-interactive --nologo [-- APPHOST ARGUMENTS]`, bounded by the hang limit.</summary>
    public static async Task<CommandLineRun.Result> RunAsync(IEnumerable<string> command, IReadOnlyList<string>? appHostArguments = null)
    {
        string[] passed = appHostArguments is { Count: > 0 } ? ["--", .. appHostArguments] : [];
        var start = new ProcessStartInfo("dotnet", ["aspire", .. command, "--apphost", AppHostProject, "--non-interactive", "--nologo", .. passed])
        {
            WorkingDirectory = RepositoryPaths.Root,
            // Plain text: the messages a script would read, without colour codes. No usage telemetry:
            // traffic goes to loopback and the registries only.
            Environment = { ["NO_COLOR"] = "1", ["ASPIRE_CLI_TELEMETRY_OPTOUT"] = "true", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "true" },
        };
        return await BoundedCommandLine.RunAsync(start, Bounded.HangLimit);
    }
}
