using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Simulator.AppHost;

namespace Simulator.Tests.Topology;

/// <summary>The rollout commands on a running topology, run as the dashboard or the Aspire CLI runs them.</summary>
public static class Rollout
{
    /// <summary>Runs a rollout command (deploy, reload, scale) on a replica; the command's result.</summary>
    public static async Task<ExecuteCommandResult> RunAsync(DistributedApplication app, string command, params (string Name, string Value)[] arguments)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var inputs = new InteractionInputCollection(arguments
            .Select(a => new InteractionInput { Name = a.Name, Label = a.Name, InputType = InputType.Text, Value = a.Value })
            .ToList());
        return await Bounded.WithinAsync(TimeSpan.FromMinutes(20), $"the {command} command", token =>
            commands.ExecuteCommandAsync("sails-1", command, inputs, token));
    }

    public static Task<ExecuteCommandResult> ScaleAsync(DistributedApplication app, int count) =>
        RunAsync(app, RolloutCommands.Scale, (RolloutCommands.CountArgument, count.ToString()));

    /// <summary>The container a resource runs in now (a new one after each start).</summary>
    public static string? ContainerId(DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var current)
            ? current.Snapshot.ContainerId()
            : null;

    /// <summary>The replicas that are Running and Healthy now.</summary>
    public static IReadOnlyList<string> Serving(DistributedApplication app, IEnumerable<string> replicas) =>
        replicas.Where(r => app.ResourceNotifications.TryGetCurrentState(r, out var current) && ProxyUpstream.IsServing(current.Snapshot)).ToList();

    /// <summary>The replicas the running proxy's upstream file lists now.</summary>
    public static async Task<IReadOnlyList<string>> ProxyUpstreamAsync(DistributedApplication app)
    {
        var proxy = ContainerId(app, "proxy") ?? throw new InvalidOperationException("the proxy has no container");
        var file = await DockerCommand.RunAsync("exec", proxy, "cat", $"{NginxConfiguration.UpstreamFolder}/{NginxConfiguration.UpstreamFileName}");
        return file.Split('\n')
            .Where(line => line.StartsWith("server sails-", StringComparison.Ordinal))
            .Select(line => line["server ".Length..line.IndexOf(':')])
            .ToList();
    }
}
