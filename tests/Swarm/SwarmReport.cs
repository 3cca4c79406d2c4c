using System.Text;

namespace Simulator.Tests.Swarm;

/// <summary>
/// What the swarm looked like when a wait on it failed: every task of the stack with its node,
/// state and error, the nodes, each worker engine's storage and free space, and the last log
/// lines of the replicas and the migration. A failure on a machine nobody can log into then
/// explains itself.
/// </summary>
public static class SwarmReport
{
    private const int LogLines = 15;

    public static async Task<string> DescribeAsync(string stack, SwarmNodes nodes)
    {
        var report = new StringBuilder($"--- swarm at {DateTime.UtcNow:HH:mm:ss} UTC ---\n");
        await AppendAsync(report, "nodes", "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.Availability}}");
        foreach (var service in await DockerCommand.LinesAsync("stack", "services", "--format", "{{.Name}}", stack))
        {
            await AppendAsync(report, $"tasks of {service}", "service", "ps", "--no-trunc",
                "--format", "{{.Name}} {{.Node}} desired={{.DesiredState}} {{.CurrentState}} {{.Error}}", service);
        }

        foreach (var worker in nodes.WorkerContainers)
        {
            await AppendAsync(report, $"engine in {worker}", "exec", worker, "sh", "-c",
                "docker info --format 'storage driver {{.Driver}}, {{.Containers}} containers' && df -h /var/lib/docker | tail -1");
        }

        foreach (var service in new[] { "sails", "migrate" })
        {
            await AppendAsync(report, $"last {LogLines} log lines of {stack}_{service}", "service", "logs", "--no-trunc",
                "--timestamps", "--tail", LogLines.ToString(), $"{stack}_{service}");
        }

        return report.ToString();
    }

    private static async Task AppendAsync(StringBuilder report, string title, params string[] arguments)
    {
        var (exitCode, output, error) = await DockerCommand.TryRunAsync(arguments);
        // A service's log comes on both streams: the tasks' stdout and stderr.
        report.Append($"[{title}]\n").Append(exitCode == 0 ? output + error : $"(docker exited {exitCode}: {error.Trim()})\n");
    }
}
