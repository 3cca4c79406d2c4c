using Simulator.AppHost;

namespace Simulator.Tests.Swarm;

/// <summary>
/// A multi-node swarm on one machine: the local engine is the manager (its swarm initialised here
/// only when it is in none, and left after, only then); worker nodes are Docker-in-Docker containers
/// (Debian's docker.io, tests/Swarm/Images/node) on a bridge network of this run, joined to it; a
/// registry (Debian's docker-registry, tests/Swarm/Images/registry) holds the images every node
/// pulls, as "localhost:PORT/...", the one name that needs no TLS: published on the manager's
/// 127.0.0.1, forwarded to by socat in each worker.
/// </summary>
public sealed class SwarmNodes(string prefix, int workers) : IAsyncDisposable
{
    private const string NodeImage = "sailsim-swarm/node:1";
    private const string RegistryImage = "sailsim-swarm/registry:1";

    private readonly List<string> _workerNodeIds = [];
    private bool _swarmInitialisedHere;
    private bool _networkCreated;

    public int Workers => workers;

    public string Network => $"{prefix}-nodes";

    public string Registry => $"{prefix}-registry";

    public IEnumerable<string> WorkerContainers => Enumerable.Range(1, workers).Select(i => $"{prefix}-worker-{i}");

    /// <summary>Where every node pulls from: "localhost:PORT/PREFIX".</summary>
    public string ImagePrefix { get; private set; } = "";

    /// <summary>The manager's node name and the workers', as `docker service ps` shows them.</summary>
    public IReadOnlyList<string> NodeNames { get; private set; } = [];

    public async Task StartAsync()
    {
        var baseImage = ContainerImages.Catalog["Base"].Offline;
        await BuildAsync(NodeImage, "node", baseImage);
        await BuildAsync(RegistryImage, "registry", baseImage);

        await DockerCommand.RunAsync("network", "create", "--label", $"{prefix}=nodes", Network);
        _networkCreated = true;
        var manager = (await DockerCommand.RunAsync("network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}", Network)).Trim();
        await JoinOrInitialiseSwarmAsync(manager);

        var registryPort = LoopbackPort.Free();
        await DockerCommand.RunAsync("run", "--detach", "--name", Registry, "--network", Network, "--publish", $"127.0.0.1:{registryPort}:5000", RegistryImage);
        ImagePrefix = $"localhost:{registryPort}/{prefix}";

        var token = (await DockerCommand.RunAsync("swarm", "join-token", "--quiet", "worker")).Trim();
        foreach (var worker in WorkerContainers)
        {
            await DockerCommand.RunAsync("run", "--detach", "--privileged", "--name", worker, "--hostname", worker, "--network", Network, NodeImage);
        }

        foreach (var worker in WorkerContainers)
        {
            await Bounded.EventuallyAsync(Bounded.HangLimit, $"the engine in {worker} answering", () => DockerCommand.RunAsync("exec", worker, "docker", "info"));
            await DockerCommand.RunAsync("exec", "--detach", worker, "socat", $"TCP-LISTEN:{registryPort},fork,reuseaddr,bind=127.0.0.1", $"TCP:{Registry}:5000");
            await DockerCommand.RunAsync("exec", worker, "docker", "swarm", "join", "--token", token, $"{manager}:2377");
            _workerNodeIds.Add((await DockerCommand.RunAsync("exec", worker, "docker", "info", "--format", "{{.Swarm.NodeID}}")).Trim());
        }

        // Tasks are spread over the nodes that are Ready when the stack is deployed.
        await Bounded.EventuallyAsync(Bounded.HangLimit, $"{workers} workers Ready in the swarm", async () =>
            Assert.Equal(workers, (await DockerCommand.LinesAsync("node", "ls", "--filter", "role=worker", "--format", "{{.Status}}")).Count(s => s == "Ready")));
        NodeNames = [(await DockerCommand.RunAsync("info", "--format", "{{.Name}}")).Trim(), .. WorkerContainers];
    }

    /// <summary>Takes the workers out of scheduling: the stack then runs on the manager alone.</summary>
    public async Task DrainWorkersAsync()
    {
        foreach (var node in _workerNodeIds)
        {
            await DockerCommand.RunAsync("node", "update", "--availability", "drain", node);
        }
    }

    /// <summary>Tags a local image into the registry and pushes it; the reference every node pulls.</summary>
    public async Task<string> PushAsync(string localImage, string name)
    {
        var reference = $"{ImagePrefix}/{name}";
        await DockerCommand.RunAsync("tag", localImage, reference);
        await DockerCommand.RunAsync("push", "--quiet", reference);
        return reference;
    }

    private async Task JoinOrInitialiseSwarmAsync(string advertiseAddress)
    {
        var state = (await DockerCommand.RunAsync("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}")).Trim();
        if (state == "active true")
        {
            return;
        }

        if (state != "inactive false")
        {
            throw new InvalidOperationException($"the swarm tier needs an engine that is a swarm manager or in no swarm; this one's swarm state is '{state}'");
        }

        var (exitCode, _, error) = await DockerCommand.TryRunAsync("swarm", "init", "--advertise-addr", advertiseAddress);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"docker swarm init failed: {error.Trim()}");
        }

        _swarmInitialisedHere = true;
    }

    private static Task BuildAsync(string tag, string folder, string baseImage) =>
        DockerCommand.RunAsync("build", "--quiet", "--tag", tag, "--build-arg", $"BASE_IMAGE={baseImage}",
            Path.Combine(RepositoryPaths.Root, "tests", "Swarm", "Images", folder));

    /// <summary>Removes the workers (their engines' data with them), their nodes, the registry and the network; leaves a swarm initialised here.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var container in WorkerContainers.Append(Registry))
        {
            await DockerCommand.TryRunAsync("rm", "--force", "--volumes", container);
        }

        foreach (var node in _workerNodeIds)
        {
            await DockerCommand.TryRunAsync("node", "rm", "--force", node);
        }

        if (_networkCreated)
        {
            await DockerCommand.RunAsync("network", "rm", Network);
        }

        if (_swarmInitialisedHere)
        {
            await DockerCommand.RunAsync("swarm", "leave", "--force");
        }
    }
}
