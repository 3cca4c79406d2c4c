using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>
/// The replicas' way to the dashboard's OTLP endpoint, which listens on loopback, out of a container's
/// reach. Aspire's container tunnel reaches it too, but DCP builds the tunnel only once the first
/// replica is created, and on an offline machine tries four times to pull its base image first: about
/// 8 s of every start (eng/measure-startup.sh). This relay listens within milliseconds, on the engine's
/// default bridge gateway (an address of this machine that its containers reach) and the dashboard's
/// own OTLP port, and passes each connection on to the dashboard unchanged. Where it cannot listen (an
/// engine without that bridge, Docker Desktop's VM), it says so once, and the replicas export to Aspire's
/// address for the host, host.docker.internal, which reaches loopback on Docker Desktop only.
/// </summary>
public sealed class DashboardTelemetryRelay(ILogger<DashboardTelemetryRelay> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task<Uri?>? _starting;
    private Task? _accepting;

    /// <summary>The URL a container uses for <paramref name="dashboard"/> (an OTLP URL on loopback), or null where the relay cannot listen.</summary>
    public Task<Uri?> ForContainersAsync(Uri dashboard)
    {
        // Started once, by the first replica whose environment is resolved; the others share it.
        lock (_gate)
        {
            return _starting ??= StartAsync(dashboard, _stopping.Token);
        }
    }

    private async Task<Uri?> StartAsync(Uri dashboard, CancellationToken cancellationToken)
    {
        var gateway = await DockerCli.RunAsync(
            ["network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{println .Gateway}}{{end}}"], cancellationToken);
        var address = gateway.Output.Split('\n', StringSplitOptions.TrimEntries)
            .Select(line => IPAddress.TryParse(line, out var parsed) ? parsed : null)
            .FirstOrDefault(parsed => parsed?.AddressFamily == AddressFamily.InterNetwork);
        if (address is null)
        {
            logger.LogWarning("telemetry: the engine's bridge network has no IPv4 gateway ({Error}); replicas export to host.docker.internal, which reaches the dashboard on Docker Desktop only",
                gateway.Succeeded ? "none listed" : gateway.Error.Trim());
            return null;
        }

        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, dashboard.Port));
            listener.Listen();
        }
        catch (SocketException e)
        {
            listener.Dispose();
            logger.LogWarning("telemetry: cannot listen on {Address}:{Port} ({Error}); replicas export to host.docker.internal, which reaches the dashboard on Docker Desktop only",
                address, dashboard.Port, e.Message);
            return null;
        }

        _accepting = AcceptAsync(listener, new DnsEndPoint(dashboard.Host, dashboard.Port));
        var relayed = new UriBuilder(dashboard) { Host = address.ToString() }.Uri;
        logger.LogInformation("telemetry: replicas export to the dashboard through {Relay} (relayed to {Dashboard})",
            relayed.GetLeftPart(UriPartial.Authority), dashboard.GetLeftPart(UriPartial.Authority));
        return relayed;
    }

    private async Task AcceptAsync(Socket listener, DnsEndPoint dashboard)
    {
        using (listener)
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(_stopping.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = PassOnAsync(client, dashboard, _stopping.Token);
            }
        }
    }

    private static async Task PassOnAsync(Socket client, DnsEndPoint dashboard, CancellationToken stopping)
    {
        using var broken = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Both streams exist before either direction ends: a socket whose sending has ended takes no new stream.
            await using var container = new NetworkStream(client, ownsSocket: false);
            await upstream.ConnectAsync(dashboard, broken.Token);
            await using var dashboardSide = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAll(CopyAsync(container, dashboardSide, broken), CopyAsync(dashboardSide, container, broken));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The container left at once, or no dashboard answers (it stopped): the exporter tries again later.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>One direction; its end is passed on as the other side's end of sending, and a failure ends both.</summary>
    private static async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationTokenSource broken)
    {
        try
        {
            await from.CopyToAsync(to, broken.Token);
            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            await broken.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_accepting is not null)
        {
            await _accepting;
        }

        _stopping.Dispose();
    }
}

public static class DashboardTelemetryRelayExtensions
{
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string ContainerTunnelSetting = "ASPIRE_ENABLE_CONTAINER_TUNNEL";

    /// <summary>
    /// Exports the container's telemetry to the dashboard (Aspire's OTLP settings) through
    /// <see cref="DashboardTelemetryRelay"/>: the endpoint Aspire gives, on loopback, becomes the relay's.
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithTelemetryToDashboard(this IResourceBuilder<ContainerResource> container)
    {
        container.ApplicationBuilder.Services.TryAddSingleton<DashboardTelemetryRelay>();
        // Otherwise DCP still builds the tunnel, for the dashboard endpoint the relay replaces.
        container.ApplicationBuilder.Configuration[ContainerTunnelSetting] = "false";
        return container.WithOtlpExporter()
            .WithEnvironment(async context =>
            {
                // The dashboard's endpoint, or its configured URL when the dashboard is not in the model.
                var dashboard = context.EnvironmentVariables.GetValueOrDefault(OtlpEndpoint) switch
                {
                    EndpointReference endpoint => endpoint.Url,
                    HostUrl configured => configured.Url,
                    _ => null,
                };
                if (context.ExecutionContext.IsRunMode && dashboard is not null
                    && await context.ExecutionContext.Services.GetRequiredService<DashboardTelemetryRelay>()
                        .ForContainersAsync(new Uri(dashboard)).WaitAsync(context.CancellationToken) is { } relayed)
                {
                    context.EnvironmentVariables[OtlpEndpoint] = relayed.GetLeftPart(UriPartial.Authority);
                }
            });
    }
}
