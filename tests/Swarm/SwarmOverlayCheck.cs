namespace Simulator.Tests.Swarm;

/// <summary>
/// Whether every node of the swarm reaches every other over an overlay network, as the stack needs
/// (a replica on one node, Postgres on another). A node that cannot would keep one replica waiting
/// for the database until the deployment times out, without a word on why. One small task runs on
/// each node (a global service); each fetches every other over the overlay; the answer names the
/// pairs that failed and how.
/// </summary>
public static class SwarmOverlayCheck
{
    private const int Port = 8080;

    /// <summary>A checking task: answers its node's name, and on /probe asks every task of its service for theirs.</summary>
    private static readonly string TaskScript = $$"""
        const http = require('http'), dns = require('dns').promises, os = require('os');
        const service = process.env.CHECK_SERVICE;
        http.createServer(async (req, res) => {
          if (req.url !== '/probe') { res.end(os.hostname()); return; }
          const addresses = (await dns.lookup('tasks.' + service, { all: true })).map(a => a.address);
          const reached = await Promise.all(addresses.map(ip =>
            fetch(`http://${ip}:{{Port}}/`, { signal: AbortSignal.timeout(3000) })
              .then(r => r.text(), e => `${ip} unreachable (${e.cause?.code ?? e.name})`)));
          res.end(reached.map(peer => `${os.hostname()} -> ${peer}`).join('\n'));
        }).listen({{Port}});
        """;

    /// <summary>The pairs of nodes that cannot reach each other; empty when every node reaches every other.</summary>
    public static async Task<IReadOnlyList<string>> UnreachablePairsAsync(string prefix, string nodeImage, IReadOnlyList<string> nodes, TimeSpan limit)
    {
        var service = $"{prefix}-overlay-check";
        await DockerCommand.RunAsync("network", "create", "--driver", "overlay", "--label", $"{prefix}=overlay-check", service);
        try
        {
            await DockerCommand.RunAsync("service", "create", "--detach", "--quiet", "--name", service, "--mode", "global",
                "--network", service, "--endpoint-mode", "dnsrr", "--hostname", "{{.Node.Hostname}}", "--env", $"CHECK_SERVICE={service}",
                "--restart-condition", "none", nodeImage, "node", "-e", TaskScript);
            IReadOnlyList<string> lines = [];
            try
            {
                // Every task running, in the service's DNS answer, and each reaching all of them.
                await Bounded.EventuallyAsync(limit, $"every node reaching every other over an overlay network", async () =>
                {
                    lines = await ProbeFromEveryNodeAsync(service);
                    Assert.Equal(nodes.Count * nodes.Count, lines.Count);
                    Assert.DoesNotContain(lines, line => line.Contains("unreachable", StringComparison.Ordinal));
                });
                return [];
            }
            catch (TimeoutException e)
            {
                var unreachable = lines.Where(line => line.Contains("unreachable", StringComparison.Ordinal)).ToList();
                return unreachable.Count > 0 ? unreachable : [e.Message];
            }
        }
        finally
        {
            await DockerCommand.TryRunAsync("service", "rm", service);
            // The network goes once the tasks holding it are gone.
            await Bounded.EventuallyAsync(Bounded.HangLimit, $"the network {service} removed", () => DockerCommand.RunAsync("network", "rm", service));
        }
    }

    /// <summary>From the task on this engine (the manager), each task's view of every other.</summary>
    private static async Task<IReadOnlyList<string>> ProbeFromEveryNodeAsync(string service)
    {
        var local = (await DockerCommand.LinesAsync("ps", "--quiet", "--filter", $"label=com.docker.swarm.service.name={service}")).Single();
        var output = await DockerCommand.RunAsync("exec", local, "node", "-e", $$"""
            const dns = require('dns').promises, os = require('os');
            (async () => {
              const addresses = (await dns.lookup('tasks.{{service}}', { all: true })).map(a => a.address);
              for (const ip of addresses) {
                const text = await fetch(`http://${ip}:{{Port}}/probe`, { signal: AbortSignal.timeout(15000) })
                  .then(r => r.text(), e => `${os.hostname()} -> ${ip} unreachable (${e.cause?.code ?? e.name})`);
                console.log(text);
              }
            })();
            """);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
