using System.Runtime.ExceptionServices;
using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Simulator.AppHost;
using Simulator.SampleAppClient;
using Simulator.Tests.Production;

namespace Simulator.Tests.Topology;

/// <summary>One running topology shared by every topology test of the run.</summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public const int Replicas = 3;
    public static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(8);
    public static readonly string[] ReplicaNames = Enumerable.Range(1, Replicas).Select(i => $"sails-{i}").ToArray();
    public static readonly string[] ServiceNames = ["postgres", "appdb", "redis", "storage", .. ReplicaNames, "proxy"];

    private SimulatorRun _run = null!;
    private Task? _healthy;

    public DistributedApplication App => _run.App;

    /// <summary>A client of the app through the proxy, over https, trusting the run's CA.</summary>
    public HttpClient Proxy { get; private set; } = null!;

    /// <summary>The proxy's plain-http port (redirects to https; the proxy's health route).</summary>
    public int ProxyPort => _run.ProxyPort;

    public int ProxyHttpsPort => _run.ProxyHttpsPort;

    /// <summary>The CA the proxy's certificate chains to; every client of the topology trusts it, and only it.</summary>
    public ProductCertificateAuthority Authority => _run.Authority;

    /// <summary>The proxy's certificate, for a browser that must trust exactly it.</summary>
    public X509Certificate2 ProxyCertificate => _run.ProxyCertificate;

    public string PublicOrigin => _run.Origin.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        _run = await SimulatorRun.StartAsync([$"--Simulator:Replicas={Replicas}"], HealthyWithin);
        Proxy = new HttpClient(Authority.CreateHandler()) { BaseAddress = ProxyUri, Timeout = Bounded.HangLimit };
    }

    /// <summary>Completes once every service is Healthy and the migration finished; shared by the tests.</summary>
    public Task WaitUntilHealthyAsync() => _healthy ??= Bounded.WithinAsync(HealthyWithin, "every resource becoming Healthy", async token =>
    {
        await Task.WhenAll(ServiceNames.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, token)));
    });

    public Uri ProxyUri => _run.Origin;

    /// <summary>Runs a dashboard command (start, stop, restart, ...) on a resource, as an operator would.</summary>
    public async Task RunCommandAsync(string resource, string command)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"command '{command}' on {resource} failed: {result.Message}");
    }

    /// <summary>Stops a resource from the dashboard and waits until it has stopped.</summary>
    public async Task StopAsync(string resource)
    {
        await RunCommandAsync(resource, KnownResourceCommands.StopCommand);
        await Bounded.WithinAsync(Bounded.HangLimit, $"{resource} stopping", token =>
            App.ResourceNotifications.WaitForResourceAsync(resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token));
    }

    /// <summary>Starts a stopped resource from the dashboard and waits until it is Healthy.</summary>
    public async Task StartAsync(string resource)
    {
        await RunCommandAsync(resource, KnownResourceCommands.StartCommand);
        await Bounded.WithinAsync(Bounded.HangLimit, $"{resource} becoming Healthy after Start", token =>
            App.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, token));
    }

    /// <summary>Restarts a resource and waits until it is Healthy again.</summary>
    public async Task RestartAsync(string resource)
    {
        await RunCommandAsync(resource, KnownResourceCommands.RestartCommand);
        // A restarting resource passes through Exited; that is not a failure to wait on.
        await Bounded.WithinAsync(Bounded.HangLimit, $"{resource} becoming Healthy after a restart",
            token => App.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, token));
    }

    /// <summary>
    /// Runs a test that stops, crashes or restarts parts of the shared topology, then puts it back
    /// as it found it (every resource started and Healthy, the proxy serving every replica), also
    /// when the test fails, so one failure never cascades into the next test.
    /// </summary>
    public async Task RunDestructiveAsync(Func<Task> test)
    {
        Exception? failure = null;
        try
        {
            await test();
        }
        catch (Exception e)
        {
            failure = e;
        }

        try
        {
            await RestoreAsync();
        }
        catch (Exception restore) when (failure is not null)
        {
            throw new AggregateException(failure, restore);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private async Task RestoreAsync()
    {
        // A test that scaled up and failed midway leaves replicas beyond Replicas running; the
        // other tests expect exactly Replicas.
        var extra = SailsAppExtensions.ReplicaNames(2 * Replicas).Skip(Replicas).Where(name =>
            App.ResourceNotifications.TryGetCurrentState(name, out var current)
            && current.Snapshot.State?.Text is { } state
            && state != KnownResourceStates.NotStarted && !KnownResourceStates.TerminalStates.Contains(state));
        if (extra.Any())
        {
            var back = await Rollout.ScaleAsync(App, Replicas);
            Assert.True(back.Success, $"scaling back to {Replicas} replicas failed: {back.Message}");
        }

        foreach (var name in ServiceNames)
        {
            if (App.ResourceNotifications.TryGetCurrentState(name, out var current)
                && KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text))
            {
                await RunCommandAsync(name, KnownResourceCommands.StartCommand);
            }
        }

        await Bounded.WithinAsync(Bounded.HangLimit, "every resource being Healthy again", token =>
            Task.WhenAll(ServiceNames.Select(name =>
                App.ResourceNotifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, token))));
        await WaitUntilProxyServesEveryReplicaAsync();
    }

    /// <summary>GETs one after another through the proxy, each of which must answer 200; the replicas that served them.</summary>
    public async Task<IReadOnlySet<string>> ServedByAsync(string path, int requests, string during)
    {
        var servedBy = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await Proxy.GetAsync(path);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK,
                $"GET {path} {i + 1} through the proxy answered {(int)response.StatusCode} while {during}");
            servedBy.Add(SailsUser.ServedBy(response));
        }

        return servedBy;
    }

    /// <summary>
    /// After a test that stopped or crashed replicas: waits until the proxy sends requests to
    /// every replica again (nginx keeps a failed replica out for its fail_timeout).
    /// </summary>
    public Task WaitUntilProxyServesEveryReplicaAsync() =>
        Bounded.EventuallyAsync(Bounded.HangLimit, "the proxy serving every replica again",
            () => ReplicaBehaviours.ProxyServesEveryReplicaAsync(Proxy, ReplicaNames));

    public async Task DisposeAsync()
    {
        Proxy?.Dispose();
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
