using System.Net;
using System.Text.Json;
using Simulator.AppHost;
using Simulator.SampleAppClient;
using Simulator.Tests.Infrastructure;
using Simulator.Tests.Production;

namespace Simulator.Tests.Rollouts;

/// <summary>
/// The simulator driven from a shell, as the README shows a CI script doing it: started in the
/// background by the Aspire CLI, a request's trace read from the dashboard (and one left out by the
/// sampler), scaled with a count while it runs, a bad count refused in one line, stopped with
/// everything removed.
/// </summary>
[Trait(Tier.Trait, Tier.Rollouts)]
[Collection(AspireCliCollection.Name)]
public sealed class AspireCliTests : IAsyncLifetime
{
    private readonly string _instance = $"cli-{Guid.NewGuid():N}"[..12];
    private readonly DirectoryInfo _certificates = Directory.CreateTempSubdirectory("simulator-ca-");
    private readonly int _httpsPort = LoopbackPort.Free();

    [Fact]
    public async Task The_CLI_starts_the_simulator_shows_a_replicas_spans_scales_it_by_a_count_refuses_one_beyond_Max_and_stops_it()
    {
        string[] settings =
        [
            // One replica: Simulator:Replicas:Max is then 2. A trace in a billion is kept by the ratio
            // alone: a request is exported only when its caller's trace is sampled.
            $"--Simulator:Instance={_instance}", "--Simulator:Replicas=1", $"--Simulator:App:TraceSampleRatio={NoTraceByRatio}",
            $"--Simulator:Proxy:Port={LoopbackPort.Free()}", $"--Simulator:Proxy:HttpsPort={_httpsPort}",
            $"--Simulator:Proxy:CertificateFolder={_certificates.FullName}",
        ];
        var started = await AspireCli.RunAsync(["start", "--isolated", "--no-build", "--format", "Json"], settings);
        // Its output holds the dashboard's login token: never printed.
        Assert.True(started.Succeeded, $"aspire start exited {started.ExitCode}: {started.Error}");
        var appHost = JsonDocument.Parse(started.Output).RootElement.GetProperty("appHostPid").GetInt32();
        var stopped = false;
        try
        {
            await SucceedsAsync(["wait", "proxy", "--timeout", "480"]);
            var authority = ProductCertificateAuthority.Load(Path.Combine(_certificates.FullName, ProductCertificateAuthority.CertificateFileName));

            await SampledRequestShowsAsSpanOfAsync(authority, "sails-1");

            await SucceedsAsync(["resource", "sails-1", "scale", "--count", "2"]);
            await Bounded.EventuallyAsync(Bounded.HangLimit, "the proxy serving sails-1 and sails-2 after `scale --count 2`", async () =>
            {
                using var proxy = Proxy(authority);
                await ReplicaBehaviours.ProxyServesEveryReplicaAsync(proxy, ["sails-1", "sails-2"]);
            });

            var refused = await AspireCli.RunAsync(["resource", "sails-1", "scale", "--count", "3"]);
            Assert.False(refused.Succeeded, "scaling beyond Simulator:Replicas:Max succeeded");
            Assert.Contains("Cannot scale to 3: choose between 1 and 2 (Simulator:Replicas:Max).", refused.Error);
            using (var proxy = Proxy(authority))
            {
                await ReplicaBehaviours.ProxyServesEveryReplicaAsync(proxy, ["sails-1", "sails-2"]);
            }

            // The removed replica drained before the command ended: from then on only sails-1 answers.
            await SucceedsAsync(["resource", "sails-1", "scale", "--count", "1"]);
            using (var proxy = Proxy(authority))
            {
                for (var i = 0; i < 4; i++)
                {
                    using var response = await proxy.GetAsync("/healthz");
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("sails-1", SampleAppApi.ServedBy(response));
                }
            }

            await SucceedsAsync(["stop"]);
            stopped = true;
            // Everything goes (removal is asynchronous): no container holds the run's volumes any more.
            await Bounded.EventuallyAsync(Bounded.HangLimit, "every container of the run removed after `aspire stop`", async () =>
            {
                foreach (var volume in Volumes())
                {
                    Assert.Empty(await DockerCommand.LinesAsync("ps", "--all", "--quiet", "--filter", $"volume={volume}"));
                }
            });
        }
        finally
        {
            if (!stopped && !(await AspireCli.RunAsync(["stop"])).Succeeded && ProcessIsRunning(appHost))
            {
                System.Diagnostics.Process.GetProcessById(appHost).Kill(entireProcessTree: true);
            }
        }
    }

    private const string NoTraceByRatio = "0.000000001";

    /// <summary>
    /// A request through the proxy in a sampled trace (its traceparent header) reaches the dashboard
    /// as the replica's server span in that trace: the replicas' telemetry export, and their
    /// parent-based sampler. One without a trace, sent just before, is left out by the ratio.
    /// </summary>
    private async Task SampledRequestShowsAsSpanOfAsync(ProductCertificateAuthority authority, string replica)
    {
        var (unsampled, sampled) = ($"probe={Guid.NewGuid():N}", $"probe={Guid.NewGuid():N}");
        var (traceId, parentSpanId) = ($"{Guid.NewGuid():N}", $"{Guid.NewGuid():N}"[..16]);
        using (var proxy = Proxy(authority))
        {
            using var alone = await proxy.GetAsync($"/api/messages?{unsampled}");
            Assert.Equal(HttpStatusCode.OK, alone.StatusCode);
            using var inTrace = new HttpRequestMessage(HttpMethod.Get, $"/api/messages?{sampled}");
            inTrace.Headers.Add("traceparent", $"00-{traceId}-{parentSpanId}-01");
            using var response = await proxy.SendAsync(inTrace);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(replica, SampleAppApi.ServedBy(response));
        }

        // The replica exports in batches (every second): the span arrives a moment after the answer.
        await Bounded.EventuallyAsync(Bounded.HangLimit, $"`aspire otel spans {replica}` showing the server span of GET /api/messages?{sampled}", async () =>
        {
            Assert.Contains(("GET /api/messages", replica, traceId), await ServerSpansAsync(replica, sampled));
        });
        // Batches leave in order and the dashboard stores one before it answers: had the earlier request been sampled, its span would show by now.
        Assert.Empty(await ServerSpansAsync(replica, unsampled));

        // The trace shows the route's own handler, not one span per layer of Sails' middleware (sample-sails-app/otel.js).
        var trace = await AspireCli.RunAsync(["otel", "traces", replica, "--trace-id", traceId, "--format", "Json"]);
        Assert.True(trace.Succeeded, $"aspire otel traces exited {trace.ExitCode}: {trace.Error}");
        var names = JsonDocument.Parse(trace.Output).RootElement.GetProperty("spans").EnumerateArray()
            .Select(span => span.GetProperty("name").GetString()).ToList();
        Assert.Contains("request handler - /api/messages", names);
        Assert.DoesNotContain(names, name => name!.StartsWith("middleware - ", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<(string? Name, string? Source, string? TraceId)>> ServerSpansAsync(string replica, string marker)
    {
        var spans = await AspireCli.RunAsync(["otel", "spans", replica, "--search", marker, "--format", "Json"]);
        Assert.True(spans.Succeeded, $"aspire otel spans exited {spans.ExitCode}: {spans.Error}");
        return JsonDocument.Parse(spans.Output).RootElement.EnumerateArray()
            .Where(span => span.GetProperty("kind").GetString() == "Server")
            .Select(span => (span.GetProperty("name").GetString(), span.GetProperty("source").GetString(), span.GetProperty("traceId").GetString()))
            .ToList();
    }

    private static async Task SucceedsAsync(string[] command)
    {
        var result = await AspireCli.RunAsync(command);
        Assert.True(result.Succeeded, $"aspire {string.Join(' ', command)} exited {result.ExitCode}: {result.Error}");
    }

    private HttpClient Proxy(ProductCertificateAuthority authority) =>
        new(authority.CreateHandler()) { BaseAddress = new Uri($"https://localhost:{_httpsPort}"), Timeout = Bounded.HangLimit };

    private IEnumerable<string> Volumes() => ((string[])["postgres", "redis", "storage"]).Select(resource => DataVolumes.NameFor(_instance, resource));

    private static bool ProcessIsRunning(int pid)
    {
        try
        {
            return !System.Diagnostics.Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var volume in Volumes())
        {
            await DockerCommand.TryRunAsync("volume", "rm", "--force", volume);
        }

        _certificates.Delete(recursive: true);
    }
}

// Alone, once every other collection's topology is gone: `aspire stop --apphost` stops every
// running AppHost of this project, the tests' own too (in the deploy topologies' collection it
// stopped both of theirs); and never two topologies starting at once on 2 cores.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AspireCliCollection
{
    public const string Name = "Aspire CLI";
}
