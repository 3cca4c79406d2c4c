using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulator.AppHost.Tls;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Infrastructure;

/// <summary>
/// The AppHost started under Aspire.Hosting.Testing with its own free proxy ports, its own
/// data volumes and its own certificate authority, all removed when the run is disposed.
/// </summary>
public sealed class SimulatorRun : IAsyncDisposable
{
    // Per run, so a run never meets an earlier run's (or the user's) data or generated passwords.
    private readonly string _volumeSuffix = $"-test-{Guid.NewGuid():N}"[..14];
    private readonly List<string> _volumes = [];

    private SimulatorRun() { }

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The proxy's plain-http port: its health route, and redirects to https.</summary>
    public int ProxyPort { get; } = LoopbackPort.Free();

    public int ProxyHttpsPort { get; } = LoopbackPort.Free();

    /// <summary>The app's public address: https through the proxy.</summary>
    public Uri Origin => new($"https://localhost:{ProxyHttpsPort}");

    /// <summary>This run's CA, never the user's: made before the AppHost starts, which then issues the proxy's certificate from it.</summary>
    public DirectoryInfo CertificateFolder { get; } = Directory.CreateTempSubdirectory("simulator-ca-");

    public ProductCertificateAuthority Authority { get; private set; } = null!;

    /// <summary>The certificate the proxy presents, issued from this run's CA (the AppHost finds it current and keeps it).</summary>
    public X509Certificate2 ProxyCertificate { get; private set; } = null!;

    /// <param name="dashboard">Also run the Aspire dashboard (on loopback ports of its own), as `dotnet run` does.</param>
    public static async Task<SimulatorRun> StartAsync(IEnumerable<string> settings, TimeSpan within, bool dashboard = false)
    {
        var run = new SimulatorRun();
        try
        {
            await run.StartAppAsync(settings, within, dashboard);
            return run;
        }
        catch
        {
            // Its volumes and CA go, as after a run that started.
            await run.DisposeAsync();
            throw;
        }
    }

    private async Task StartAppAsync(IEnumerable<string> settings, TimeSpan within, bool dashboard)
    {
        var issued = LocalCertificateAuthority.Prepare(CertificateFolder.FullName);
        Authority = ProductCertificateAuthority.Load(issued.AuthorityPath);
        ProxyCertificate = X509Certificate2.CreateFromPem(issued.CertificatePem);
        using var timeout = new CancellationTokenSource(within);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = dashboard },
            [
                .. settings, $"--Simulator:Proxy:Port={ProxyPort}", $"--Simulator:Proxy:HttpsPort={ProxyHttpsPort}",
                $"--Simulator:Proxy:CertificateFolder={CertificateFolder.FullName}",
            ],
            timeout.Token);
        RenameDataVolumes(builder);
        WithoutLiveResourceLogs(builder);
        if (!dashboard)
        {
            WithoutTelemetryExport(builder);
        }
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddSimpleConsole());
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
    }

    /// <summary>The AppHost's named volumes, renamed for this run alone.</summary>
    private void RenameDataVolumes(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var resource in builder.Resources)
        {
            var mounts = resource.Annotations.OfType<ContainerMountAnnotation>().Where(m => m.Type == ContainerMountType.Volume && m.Source is not null).ToList();
            foreach (var mount in mounts)
            {
                var volume = mount.Source + _volumeSuffix;
                resource.Annotations[resource.Annotations.IndexOf(mount)] = new ContainerMountAnnotation(volume, mount.Target, mount.Type, mount.IsReadOnly);
                _volumes.Add(volume);
            }
        }
    }

    /// <summary>
    /// Aspire.Hosting.Testing copies every resource's console log into ILogger while the run lasts,
    /// so every log is always watched. Aspire 13.6 waits up to 5 s for a watched container's log to
    /// be flushed before it reports that container's next state, holding every other resource's
    /// state change meanwhile: a restart in the suite took about 5 s longer than under `dotnet run`
    /// (DatabaseTests' three restarts: 34.8 → 14.2 s). So a log is watched only while a test waits
    /// for a line in it, as the dashboard watches one only while it is shown; the logs are written
    /// out once, when the run ends (<see cref="WriteResourceLogsAsync"/>).
    /// </summary>
    private static void WithoutLiveResourceLogs(IDistributedApplicationTestingBuilder builder)
    {
        var forwarders = builder.Services
            .Where(service => service.ServiceType == typeof(IHostedService) && service.ImplementationType?.Name == "ResourceLoggerForwarderService")
            .ToList();
        if (forwarders.Count != 1)
        {
            throw new InvalidOperationException(
                $"expected Aspire.Hosting.Testing's one ResourceLoggerForwarderService, found {forwarders.Count}: has Aspire changed how it forwards resource logs?");
        }

        builder.Services.Remove(forwarders[0]);
    }

    private IResourceCollection Resources => App.Services.GetRequiredService<DistributedApplicationModel>().Resources;

    /// <summary>A resource's log lines so far: what its current container wrote, and the AppHost's lines about it.</summary>
    public Task<IReadOnlyList<LogLine>> LogAsync(string resource, CancellationToken cancellationToken) =>
        LogAsync(Resources.Single(r => r.Name == resource), cancellationToken);

    // By the resource, not its name: a container's log is kept under its DCP name (migrate-xxxx).
    private async Task<IReadOnlyList<LogLine>> LogAsync(IResource resource, CancellationToken cancellationToken)
    {
        var lines = new List<LogLine>();
        await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource).WithCancellation(cancellationToken))
        {
            lines.AddRange(batch);
        }

        return lines;
    }

    /// <summary>
    /// Every resource's log, once, into the test output (as Aspire.Hosting.Testing would have
    /// written it line by line), for reading a failure. A container replaced during the run
    /// (restarted, redeployed) is there as its last container.
    /// </summary>
    private async Task WriteResourceLogsAsync()
    {
        var loggers = App.Services.GetRequiredService<ILoggerFactory>();
        // Seconds when the run is up; bounded for a run stopped from outside (`aspire stop`), whose reads wait for an absent DCP.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var resource in Resources)
        {
            var logger = loggers.CreateLogger($"AppHost.Resources.{resource.Name}");
            try
            {
                foreach (var line in await LogAsync(resource, timeout.Token))
                {
                    logger.Log(line.IsErrorMessage ? LogLevel.Error : LogLevel.Information, "{LineNumber}: {LineContent}", line.LineNumber, line.Content);
                }
            }
            catch (Exception e)
            {
                // Only output for reading a failure: it never keeps the run from being removed.
                logger.LogWarning("its log could not be read: {Reason}", e.Message);
            }
        }
    }

    /// <summary>
    /// Without a dashboard (Aspire.Hosting.Testing's default), nothing receives the .NET services'
    /// telemetry; an exporter retrying the absent endpoint would keep a stopped service alive.
    /// </summary>
    private static void WithoutTelemetryExport(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await WriteResourceLogsAsync();
            await App.DisposeAsync();
        }

        foreach (var volume in _volumes)
        {
            await DockerCommand.TryRunAsync("volume", "rm", "--force", volume);
        }

        CertificateFolder.Delete(recursive: true);
    }
}
