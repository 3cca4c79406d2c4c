namespace Simulator.Tests.Infrastructure;

/// <summary>The docker command, as an operator runs it (the AppHost's runner); bounded by the hang limit.</summary>
public static class DockerCommand
{
    /// <summary>Runs it and returns its standard output; a non-zero exit fails with its error output.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await TryRunAsync(arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited {exitCode}: {error}");
    }

    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        var result = await Simulator.AppHost.DockerCli.RunAsync(arguments, timeout.Token);
        return (result.ExitCode, result.Output, result.Error);
    }

    /// <summary>Its output's lines, without blank ones.</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(params string[] arguments) =>
        (await RunAsync(arguments)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
