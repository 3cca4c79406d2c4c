using Simulator.AppHost.Publish;
using Simulator.SampleAppClient;
using Simulator.Tests.Publish;

namespace Simulator.Tests.Swarm;

/// <summary>
/// The sample app published with `publish` and deployed with `docker stack deploy` on a swarm of
/// the local engine: the swarm is initialised only when the engine is in none (and left after, only
/// then); the app's images come from the local engine. Everything of the run is named with one
/// unique prefix and removed after: the stack, its volumes, secrets, configs, network, images.
/// </summary>
public sealed class SwarmStackFixture : IAsyncLifetime
{
    public const int Replicas = 3;
    public static readonly string[] ReplicaNames = Enumerable.Range(1, Replicas).Select(i => $"sails-{i}").ToArray();

    /// <summary>A first deployment: the database's first start, the migration, the replicas' lift, on a busy machine.</summary>
    public static readonly TimeSpan DeployedWithin = TimeSpan.FromMinutes(8);

    private PublishRun? _published;
    private bool _swarmInitialisedHere;

    /// <summary>The stack's name and the prefix of everything else of this run.</summary>
    public string Stack { get; } = $"sailsim-swarm-{Guid.NewGuid().ToString("N")[..8]}";

    public string AppImage(int version) => $"{Stack}/app:{version}";

    public string Service(string name) => $"{Stack}_{name}";

    public Uri ProxyUri { get; private set; } = null!;

    public string PublicOrigin => ProxyUri.GetLeftPart(UriPartial.Authority);

    public ProductCertificateAuthority Authority { get; private set; } = null!;

    /// <summary>A client of the stack's nginx, over https, trusting the CA its certificate was issued by.</summary>
    public HttpClient Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await JoinOrInitialiseSwarmAsync();
        foreach (var version in new[] { 1, 2 })
        {
            // Version 2 is the same app in another image, for the rolling update.
            await DockerCli.RunAsync("build", "--quiet", "--tag", AppImage(version), "--label", $"{Stack}.version={version}",
                "--build-arg", $"BASE_IMAGE={TestImages.Node}", RepositoryPaths.SampleApp);
        }

        var (httpsPort, httpPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        _published = await PublishRun.StartAsync([$"--Simulator:Replicas={Replicas}", "--app-image", AppImage(1),
            $"--Simulator:Proxy:HttpsPort={httpsPort}", $"--Simulator:Proxy:Port={httpPort}"]);
        Assert.True(_published.ExitCode == 0, $"publish exited {_published.ExitCode}: {string.Join('\n', _published.Output)}");

        ProxyUri = new Uri($"https://localhost:{httpsPort}/");
        Authority = ProductCertificateAuthority.Load(Path.Combine(_published.CertificateFolder, ProductCertificateAuthority.CertificateFileName));
        Proxy = new HttpClient(Authority.CreateHandler()) { BaseAddress = ProxyUri, Timeout = Bounded.HangLimit };

        // Images are the local engine's: no registry is asked.
        await DockerCli.RunAsync("stack", "deploy", "--compose-file", Path.Combine(_published.Folder, SwarmStack.FileName),
            "--resolve-image", "never", "--quiet", Stack);
        await Bounded.WithinAsync(DeployedWithin, "the stack's replicas healthy and served through its proxy", async _ =>
        {
            await WaitUntilEveryReplicaIsHealthyAsync(DeployedWithin);
            await WaitUntilProxyServesEveryReplicaAsync(DeployedWithin);
        });
    }

    /// <summary>The replicas' containers that Docker reports healthy (their health check passes).</summary>
    public async Task<IReadOnlyList<string>> HealthyReplicaContainersAsync() =>
        await DockerCli.LinesAsync("ps", "--quiet", "--filter", $"label=com.docker.swarm.service.name={Service("sails")}", "--filter", "health=healthy");

    public Task WaitUntilEveryReplicaIsHealthyAsync(TimeSpan limit) =>
        Bounded.EventuallyAsync(limit, $"{Replicas} healthy replica containers", async () =>
            Assert.Equal(Replicas, (await HealthyReplicaContainersAsync()).Count));

    /// <summary>GETs through the stack's proxy reach every replica (nginx follows them through DNS).</summary>
    public Task WaitUntilProxyServesEveryReplicaAsync(TimeSpan limit) =>
        Bounded.EventuallyAsync(limit, "the stack's proxy serving every replica", async () =>
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 4 * Replicas && seen.Count < Replicas; i++)
            {
                using var response = await Proxy.GetAsync("/healthz");
                if (SampleAppApi.ServedBy(response) is { } replica)
                {
                    seen.Add(replica);
                }
            }

            Assert.Equal(ReplicaNames, seen.Order());
        });

    private async Task JoinOrInitialiseSwarmAsync()
    {
        var state = (await DockerCli.RunAsync("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}")).Trim();
        if (state == "active true")
        {
            return;
        }

        if (state != "inactive false")
        {
            throw new InvalidOperationException($"the swarm tier needs an engine that is a swarm manager or in no swarm; this one's swarm state is '{state}'");
        }

        var (exitCode, _, error) = await DockerCli.TryRunAsync("swarm", "init", "--advertise-addr", "127.0.0.1");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"docker swarm init failed: {error.Trim()}");
        }

        _swarmInitialisedHere = true;
    }

    public async Task DisposeAsync()
    {
        Proxy?.Dispose();
        var ofStack = $"label=com.docker.stack.namespace={Stack}";
        await DockerCli.TryRunAsync("stack", "rm", Stack);
        // Removal is asynchronous: the volumes can go once no container holds them.
        await Bounded.EventuallyAsync(Bounded.HangLimit, $"the stack {Stack} removed", async () =>
        {
            Assert.Empty(await DockerCli.LinesAsync("ps", "--all", "--quiet", "--filter", ofStack));
            Assert.Empty(await DockerCli.LinesAsync("network", "ls", "--quiet", "--filter", ofStack));
        });
        foreach (var volume in await DockerCli.LinesAsync("volume", "ls", "--quiet", "--filter", ofStack))
        {
            await DockerCli.RunAsync("volume", "rm", volume);
        }

        await DockerCli.TryRunAsync("image", "rm", AppImage(1), AppImage(2));
        if (_swarmInitialisedHere)
        {
            await DockerCli.RunAsync("swarm", "leave", "--force");
        }

        _published?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SwarmCollection : ICollectionFixture<SwarmStackFixture>
{
    public const string Name = "swarm";
}
