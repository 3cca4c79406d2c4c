using System.Diagnostics;

namespace Simulator.Tests.Infrastructure;

/// <summary>The docker command, as an operator runs it; bounded by the hang limit.</summary>
public static class DockerCli
{
    /// <summary>Runs it and returns its standard output; a non-zero exit fails with its error output.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await TryRunAsync(arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited {exitCode}: {error.Trim()}");
    }

    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(params string[] arguments)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        var output = docker.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = docker.StandardError.ReadToEndAsync(timeout.Token);
        await docker.WaitForExitAsync(timeout.Token);
        return (docker.ExitCode, await output, await error);
    }

    /// <summary>Its output's lines, without blank ones.</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(params string[] arguments) =>
        (await RunAsync(arguments)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
