using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.Tests.Infrastructure;

/// <summary>
/// The AppHost started under Aspire.Hosting.Testing with its own free proxy port and its own
/// data volumes, which are removed when the run is disposed.
/// </summary>
public sealed class SimulatorRun : IAsyncDisposable
{
    private static readonly string[] DataVolumes = ["postgres", "redis", "storage"];

    // Per run, so a run never meets an earlier run's data or generated passwords.
    private readonly string _volumeSuffix = $"-test-{Guid.NewGuid():N}"[..14];

    private SimulatorRun() { }

    public DistributedApplication App { get; private set; } = null!;

    public int ProxyPort { get; } = LoopbackPort.Free();

    public Uri Origin => new($"http://localhost:{ProxyPort}");

    public static async Task<SimulatorRun> StartAsync(IEnumerable<string> settings, TimeSpan within)
    {
        var run = new SimulatorRun();
        using var timeout = new CancellationTokenSource(within);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. settings, $"--Simulator:Proxy:Port={run.ProxyPort}", $"--Simulator:VolumeSuffix={run._volumeSuffix}"],
            timeout.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddSimpleConsole());
        run.App = await builder.BuildAsync(timeout.Token);
        await run.App.StartAsync(timeout.Token);
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        foreach (var resource in DataVolumes)
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", ["volume", "rm", "--force", $"sails-simulator-{resource}-data{_volumeSuffix}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await docker.WaitForExitAsync();
        }
    }
}
