using System.Diagnostics;

namespace Simulator.AppHost;

/// <summary>A command-line program run to its end: its exit code, its output and its error output.</summary>
public static class CommandLineRun
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>Runs it with its output and error output read; cancelled, it is killed with its children.</summary>
    public static async Task<Result> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken, string? input = null)
    {
        start.RedirectStandardInput = input is not null;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, output, (await error).Trim());
    }
}
