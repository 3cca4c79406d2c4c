using System.Diagnostics;

namespace Simulator.AppHost;

/// <summary>The docker command line, for what Aspire has no API for (exec into the proxy, image builds and tags, a container's last log lines).</summary>
public static class DockerCli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, string? input = null)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", arguments)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        if (input is not null)
        {
            await docker.StandardInput.WriteAsync(input);
            docker.StandardInput.Close();
        }

        var error = docker.StandardError.ReadToEndAsync(cancellationToken);
        var output = await docker.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await docker.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            docker.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(docker.ExitCode, output, (await error).Trim());
    }
}
