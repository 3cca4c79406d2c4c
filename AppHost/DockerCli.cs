using System.Diagnostics;

namespace Simulator.AppHost;

/// <summary>The docker command line, for what Aspire has no API for (exec into the proxy, image builds and tags, a container's last log lines).</summary>
public static class DockerCli
{
    public static Task<CommandLineRun.Result> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, string? input = null) =>
        CommandLineRun.RunAsync(new ProcessStartInfo("docker", arguments), cancellationToken, input);
}
