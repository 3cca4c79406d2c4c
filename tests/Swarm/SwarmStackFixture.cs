using Simulator.AppHost.Publish;
using Simulator.SampleAppClient;
using Simulator.Tests.Production;
using Simulator.Tests.Publish;

namespace Simulator.Tests.Swarm;

/// <summary>
/// The sample app published with `publish` and deployed with `docker stack deploy` on a multi-node
/// swarm (<see cref="SwarmNodes"/>: the local engine as manager, Docker-in-Docker workers, a local
/// registry every node pulls from). Everything of the run is named with one unique prefix and
/// removed after: the stack, its volumes, secrets, configs and network, the nodes, the images.
/// </summary>
public sealed class SwarmStackFixture : IAsyncLifetime
{
    public const int Replicas = 3;
    public const int Workers = 2;
    public static readonly string[] ReplicaNames = Enumerable.Range(1, Replicas).Select(i => $"sails-{i}").ToArray();

    /// <summary>A first deployment: every node pulling the images, the database's first start, the migration, the replicas' lift.</summary>
    public static readonly TimeSpan DeployedWithin = TimeSpan.FromMinutes(10);

    /// <summary>Three small tasks starting and answering each other; far longer only when a node cannot reach another.</summary>
    public static readonly TimeSpan OverlayCheckedWithin = TimeSpan.FromMinutes(2);

    private readonly List<string> _images = [];
    private SwarmNodes? _nodes;
    private PublishRun? _published;

    /// <summary>The stack's name and the prefix of everything else of this run.</summary>
    public string Stack { get; } = $"sailsim-swarm-{Guid.NewGuid().ToString("N")[..8]}";

    public SwarmNodes Nodes => _nodes!;

    /// <summary>The app's image in the registry; version 2 is the same app in another image, for the rolling update.</summary>
    public string AppImage(int version) => $"{Nodes.ImagePrefix}/app:{version}";

    public string Service(string name) => $"{Stack}_{name}";

    public Uri ProxyUri { get; private set; } = null!;

    public string PublicOrigin => ProxyUri.GetLeftPart(UriPartial.Authority);

    public ProductCertificateAuthority Authority { get; private set; } = null!;

    /// <summary>A client of the stack's nginx, over https, trusting the CA its certificate was issued by.</summary>
    public HttpClient Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _nodes = new SwarmNodes(Stack, Workers);
        await _nodes.StartAsync();

        foreach (var version in new[] { 1, 2 })
        {
            var local = $"{Stack}/app:{version}";
            await DockerCommand.RunAsync("build", "--quiet", "--tag", local, "--label", $"{Stack}.version={version}",
                "--build-arg", $"BASE_IMAGE={TestImages.Node}", RepositoryPaths.SampleApp);
            _images.Add(local);
            _images.Add(await _nodes.PushAsync(local, $"app:{version}"));
        }

        await CheckOverlayAsync();

        var images = new Dictionary<string, string>();
        foreach (var (setting, local) in new[] { ("Postgres", TestImages.Postgres), ("Redis", TestImages.Redis), ("Nginx", TestImages.Nginx), ("ObjectStore", TestImages.ObjectStore) })
        {
            images[setting] = await _nodes.PushAsync(local, setting.ToLowerInvariant() + ":1");
            _images.Add(images[setting]);
        }

        var (httpsPort, httpPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        _published = await PublishRun.StartAsync([
            $"--Simulator:Replicas={Replicas}", "--app-image", AppImage(1),
            .. images.Select(i => $"--Simulator:Images:{i.Key}={i.Value}"),
            $"--Simulator:Proxy:HttpsPort={httpsPort}", $"--Simulator:Proxy:Port={httpPort}"]);
        Assert.True(_published.ExitCode == 0, $"publish exited {_published.ExitCode}: {string.Join('\n', _published.Output)}");

        // The proxy runs on the manager (the stack's placement), this engine: its port is on this machine.
        ProxyUri = new Uri($"https://localhost:{httpsPort}/");
        Authority = ProductCertificateAuthority.Load(Path.Combine(_published.CertificateFolder, ProductCertificateAuthority.CertificateFileName));
        Proxy = new HttpClient(Authority.CreateHandler()) { BaseAddress = ProxyUri, Timeout = Bounded.HangLimit };

        await DockerCommand.RunAsync("stack", "deploy", "--compose-file", Path.Combine(_published.Folder, SwarmStack.FileName),
            "--resolve-image", "never", "--quiet", Stack);
        try
        {
            await WaitUntilEveryReplicaIsRunningAsync(DeployedWithin);
            await WaitUntilProxyServesEveryReplicaAsync(DeployedWithin);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await SwarmReport.DescribeAsync(Stack, Nodes)}", e);
        }

        // Later replacements and updates may place tasks elsewhere; this is where the deployment put them.
        PlacementAtDeploy = await ReplicaTasksAsync();
    }

    public IReadOnlyList<(string Id, string Node, string State)> PlacementAtDeploy { get; private set; } = [];

    /// <summary>
    /// Empty when every node reaches every other over an overlay network. Otherwise the pairs that
    /// could not, and the stack runs on the manager alone: a single-node swarm, said in every
    /// test's output and in TestResults/swarm-overlay.txt, never passed off as multi-node.
    /// </summary>
    public IReadOnlyList<string> OverlayFailure { get; private set; } = [];

    public bool MultiNode => OverlayFailure.Count == 0;

    /// <summary>One line for a test's output: where the stack runs, and why if on one node.</summary>
    public string Topology => MultiNode
        ? $"multi-node swarm: {string.Join(", ", Nodes.NodeNames)}"
        : $"SINGLE-NODE swarm, as nodes could not reach each other over an overlay network here: {string.Join("; ", OverlayFailure)}";

    private async Task CheckOverlayAsync()
    {
        var nodeImage = await _nodes!.PushAsync(TestImages.Node, "node:1");
        _images.Add(nodeImage);
        OverlayFailure = await SwarmOverlayCheck.UnreachablePairsAsync(Stack, nodeImage, Nodes.NodeNames, OverlayCheckedWithin);
        var results = Path.Combine(RepositoryPaths.Root, "TestResults");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "swarm-overlay.txt"), Topology + "\n");
        if (!MultiNode)
        {
            await Nodes.DrainWorkersAsync();
        }
    }

    /// <summary>The replicas' tasks that Swarm wants running: id, node, state ("Running …" once its health check passed).</summary>
    public async Task<IReadOnlyList<(string Id, string Node, string State)>> ReplicaTasksAsync() =>
        (await DockerCommand.LinesAsync("service", "ps", "--filter", "desired-state=running", "--no-trunc",
            "--format", "{{.ID}}\t{{.Node}}\t{{.CurrentState}}", Service("sails")))
        .Select(line => line.Split('\t'))
        .Select(f => (f[0], f[1], f[2]))
        .ToList();

    /// <summary>Every replica's task Running: Swarm reports a task with a health check Running once it is healthy.</summary>
    public Task WaitUntilEveryReplicaIsRunningAsync(TimeSpan limit) =>
        Bounded.EventuallyAsync(limit, $"{Replicas} replica tasks running and healthy", async () =>
        {
            var tasks = await ReplicaTasksAsync();
            Assert.Equal(Replicas, tasks.Count(t => t.State.StartsWith("Running", StringComparison.Ordinal)));
        });

    /// <summary>GETs through the stack's proxy reach every replica (nginx follows them through DNS).</summary>
    public Task WaitUntilProxyServesEveryReplicaAsync(TimeSpan limit) =>
        Bounded.EventuallyAsync(limit, "the stack's proxy serving every replica",
            () => ReplicaBehaviours.ProxyServesEveryReplicaAsync(Proxy, ReplicaNames));

    /// <summary>Kills a task's container on whichever node runs it, as a crash or the OOM killer would.</summary>
    public async Task KillAsync((string Id, string Node, string State) task)
    {
        var container = (await DockerCommand.RunAsync("inspect", "--format", "{{.Status.ContainerStatus.ContainerID}}", task.Id)).Trim();
        string[] kill = ["kill", container];
        await (task.Node == Nodes.NodeNames[0] ? DockerCommand.RunAsync(kill) : DockerCommand.RunAsync(["exec", task.Node, "docker", .. kill]));
    }

    public async Task DisposeAsync()
    {
        Proxy?.Dispose();
        var ofStack = $"label=com.docker.stack.namespace={Stack}";
        await DockerCommand.TryRunAsync("stack", "rm", Stack);
        // Removal is asynchronous: the volumes can go once no container holds them. The workers'
        // containers and volumes go with the workers' engines.
        await Bounded.EventuallyAsync(Bounded.HangLimit, $"the stack {Stack} removed", async () =>
        {
            Assert.Empty(await DockerCommand.LinesAsync("ps", "--all", "--quiet", "--filter", ofStack));
            Assert.Empty(await DockerCommand.LinesAsync("network", "ls", "--quiet", "--filter", ofStack));
        });
        foreach (var volume in await DockerCommand.LinesAsync("volume", "ls", "--quiet", "--filter", ofStack))
        {
            await DockerCommand.RunAsync("volume", "rm", volume);
        }

        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }

        if (_images.Count > 0)
        {
            await DockerCommand.TryRunAsync(["image", "rm", .. _images]);
        }

        _published?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SwarmCollection : ICollectionFixture<SwarmStackFixture>
{
    public const string Name = "swarm";
}
