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

    public Uri ProxyUri => new(PublicOrigin);

    /// <summary>Runs a dashboard command (start, stop, restart, ...) on a resource, as an operator would.</summary>
    public async Task RunCommandAsync(string resource, string command)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"command '{command}' on {resource} failed: {result.Message}");
    }

    /// <summary>Restarts a resource and waits until it is Healthy again.</summary>
    public async Task RestartAsync(string resource, TimeSpan within)
    {
        await RunCommandAsync(resource, KnownResourceCommands.RestartCommand);
        // A restarting resource passes through Exited; that is not a failure to wait on.
        await WithinAsync(within, $"{resource} becoming Healthy after a restart",
            token => App.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, token));
    }

    public async Task<string> ParameterValueAsync(string name)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
        return await parameter.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException($"parameter {name} has no value");
    }

    /// <summary>
    /// After a test that stopped or crashed replicas: waits until the proxy sends requests to
    /// every replica again (nginx keeps a failed replica out for its fail_timeout).
    /// </summary>
    public Task WaitUntilProxyServesEveryReplicaAsync() =>
        EventuallyAsync(TimeSpan.FromSeconds(30), "the proxy serving every replica again", async () =>
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 3 * Replicas && seen.Count < Replicas; i++)
            {
                using var response = await Proxy.GetAsync("/healthz");
                if (response.Headers.TryGetValues("X-Served-By", out var replica))
                {
                    seen.Add(replica.Single());
                }
            }

            Assert.Equal(ReplicaNames, seen.Order());
        });

    /// <summary>Repeats a check until it passes or the limit is reached; the last failure explains the timeout.</summary>
    public async Task EventuallyAsync(TimeSpan limit, string what, Func<Task> check)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not OutOfMemoryException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (Exception e)
            {
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s; last failure: {e.Message}", e);
            }
        }
    }

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
