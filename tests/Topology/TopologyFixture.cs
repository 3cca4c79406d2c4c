using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.Tests.Topology;

/// <summary>One running topology shared by every topology test of the run.</summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public const int Replicas = 3;
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(8);
    public static readonly string[] ReplicaNames = Enumerable.Range(1, Replicas).Select(i => $"sails-{i}").ToArray();
    public static readonly string[] ServiceNames = ["postgres", "appdb", "redis", "storage", .. ReplicaNames, "proxy"];

    // Per run, so a run never meets an earlier run's data or generated passwords.
    private readonly string _volumeSuffix = $"-test-{Guid.NewGuid():N}"[..14];
    private Task? _healthy;

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Proxy { get; private set; } = null!;

    public int ProxyPort { get; } = FreeLoopbackPort();

    public string PublicOrigin => $"http://localhost:{ProxyPort}";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(HealthyWithin);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Simulator:Replicas={Replicas}", $"--Simulator:Proxy:Port={ProxyPort}", $"--Simulator:VolumeSuffix={_volumeSuffix}"],
            timeout.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddSimpleConsole());
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        Proxy = new HttpClient { BaseAddress = new Uri(PublicOrigin), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Completes once every service is Healthy and the migration finished; shared by the tests.</summary>
    public Task WaitUntilHealthyAsync() => _healthy ??= WithinAsync(HealthyWithin, "every resource becoming Healthy", async token =>
    {
        await Task.WhenAll(ServiceNames.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, token)));
    });

    public async Task<T> WithinAsync<T>(TimeSpan limit, string what, Func<CancellationToken, Task<T>> action)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            return await action(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s");
        }
    }

    public Task WithinAsync(TimeSpan limit, string what, Func<CancellationToken, Task> action) =>
        WithinAsync(limit, what, async token => { await action(token); return true; });

    public async Task DisposeAsync()
    {
        Proxy?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        foreach (var resource in new[] { "postgres", "redis", "storage" })
        {
            await RemoveVolumeAsync($"sails-simulator-{resource}-data{_volumeSuffix}");
        }
    }

    private static async Task RemoveVolumeAsync(string name)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", ["volume", "rm", "--force", name]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await docker.WaitForExitAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
