using System.Diagnostics;
using System.Reflection;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Operator;

/// <summary>The load report's command line refuses bad input with one line and a non-zero exit; no topology needed.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class LoadReportArgumentsTests
{
    [Theory]
    [InlineData("--duration -5", "error: --duration must be a positive number of seconds up to 86400 (got -5)")]
    [InlineData("--duration 1e15", "error: --duration must be a positive number of seconds up to 86400 (got 1e15)")]
    [InlineData("--url not-a-url", "error: --url (Traffic:Url) 'not-a-url' is not an absolute http(s) URL")]
    [InlineData("--url http://127.0.0.1:{closed}", "error: the proxy at http://127.0.0.1:{closed}/ does not answer")]
    [InlineData("--url https://localhost:{closed} --ca /nonexistent/ca.crt", "error: --ca (Traffic:CertificateAuthority) '/nonexistent/ca.crt' does not exist; the simulator creates its CA there on its first run")]
    [InlineData("--url https://localhost:{closed} --ca /etc/hostname", "error: --ca (Traffic:CertificateAuthority) '/etc/hostname' is not a PEM certificate")]
    public async Task Bad_input_gets_one_clear_line_and_a_non_zero_exit(string arguments, string expected)
    {
        var closed = LoopbackPort.Free().ToString();

        var (exitCode, output) = await ReportAsync(arguments.Replace("{closed}", closed).Split(' '));

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(output);
        Assert.StartsWith(expected.Replace("{closed}", closed), line);
    }

    /// <summary>Runs `dotnet run --project TrafficGenerator -- report ...` as a user would; built with the tests.</summary>
    private static async Task<(int ExitCode, List<string> Output)> ReportAsync(string[] arguments)
    {
        var configuration = typeof(LoadReportArgumentsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "--configuration", configuration,
            "--project", Path.Combine(RepositoryPaths.Root, "TrafficGenerator"), "--", "report", .. arguments]);
        var report = await BoundedCommandLine.RunAsync(start, TimeSpan.FromSeconds(60));
        return (report.ExitCode, BoundedCommandLine.Lines(report));
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
}
