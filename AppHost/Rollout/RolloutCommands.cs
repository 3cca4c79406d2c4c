using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>
/// The rollouts as commands on every replica, in the dashboard and for the Aspire CLI, whose options
/// are the commands' arguments (`aspire resource sails-1 scale --count 4`): Deploy new version, Reload,
/// Scale; and Add a replica and Remove a replica, one click (or no argument) each.
/// </summary>
public static class RolloutCommands
{
    public const string Deploy = "deploy";
    public const string Reload = "reload";
    public const string Scale = "scale";
    public const string ScaleUp = "scale-up";
    public const string ScaleDown = "scale-down";

    /// <summary>How long a started replica may take to become Healthy before a deploy rolls back (or a reload, a scale-up fails).</summary>
    public const int DefaultHealthyWithinSeconds = 180;

    public const string CountArgument = "count";
    public const string HealthyWithinArgument = "healthy-within";

    /// <param name="name">The resource that shows the rollouts' progress in the dashboard.</param>
    public static void AddRollouts(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ContainerResource> migration,
        IReadOnlyList<IResourceBuilder<ContainerResource>> replicas, int inService)
    {
        var progress = builder.AddResource(new RolloutProgressResource(name))
            .WithInitialState(RolloutProgress.InitialSnapshot)
            .ExcludeFromManifest();
        builder.Services.AddSingleton(progress.Resource);
        builder.Services.AddSingleton<RolloutProgress>();
        builder.Services.AddSingleton(new SailsAppContainers(migration.Resource.Name, replicas.Select(r => r.Resource.Name).ToList(), inService));
        builder.Services.AddSingleton<ReplicaRotation>();
        builder.Services.AddSingleton<ContainerLifecycle>();
        builder.Services.AddSingleton<Rollouts>();

        foreach (var replica in replicas)
        {
            replica.WithCommand(Deploy, "Deploy new version", context => RunAsync(context, (rollouts, within) => rollouts.DeployAsync(within, context.CancellationToken)),
                new CommandOptions
                {
                    Description = "Builds the app's folder as it is now, runs its migration, then replaces the replicas one at a time; rolls back if a new one does not become Healthy.",
                    ConfirmationMessage = "Build and deploy the app's folder as it is now to every replica?",
                    IconName = "ArrowUpload",
                    Arguments = [HealthyWithin()],
                });
            replica.WithCommand(Reload, "Reload (zero downtime)", context => RunAsync(context, (rollouts, within) => rollouts.ReloadAsync(within, context.CancellationToken)),
                new CommandOptions
                {
                    Description = "Restarts every replica one at a time, each drained out of the proxy's rotation first.",
                    IconName = "ArrowSync",
                    Arguments = [HealthyWithin()],
                });
            replica.WithCommand(Scale, "Scale", context => RunAsync(context, (rollouts, within) =>
                    rollouts.ScaleAsync(ParseCount(context.Arguments.GetString(CountArgument)), within, context.CancellationToken)),
                new CommandOptions
                {
                    Description = $"Sets how many replicas serve, between 1 and {replicas.Count} (Simulator:Replicas:Max).",
                    IconName = "ArrowAutofitWidth",
                    Arguments =
                    [
                        new InteractionInput { Name = CountArgument, Label = "Replicas", InputType = InputType.Number, Required = true, Value = inService.ToString() },
                        HealthyWithin(),
                    ],
                });
            replica.WithCommand(ScaleUp, "Add a replica", context => RunAsync(context, (rollouts, within) => rollouts.ScaleByAsync(+1, within, context.CancellationToken)),
                new CommandOptions
                {
                    Description = "Scale by one: the next slot starts and joins the proxy once Healthy.",
                    IconName = "AddCircle",
                    Arguments = [HealthyWithin()],
                });
            replica.WithCommand(ScaleDown, "Remove a replica", context => RunAsync(context, (rollouts, within) => rollouts.ScaleByAsync(-1, within, context.CancellationToken)),
                new CommandOptions
                {
                    Description = "Scale by minus one: the highest-numbered replica leaves the proxy's rotation, drains and stops.",
                    IconName = "SubtractCircle",
                    Arguments = [HealthyWithin()],
                });
        }
    }

    private static InteractionInput HealthyWithin() => new()
    {
        Name = HealthyWithinArgument,
        Label = "A started replica must be Healthy within (s)",
        InputType = InputType.Number,
        Required = false,
        Value = DefaultHealthyWithinSeconds.ToString(),
    };

    private static int ParseCount(string? text) =>
        int.TryParse(text, out var count) ? count : throw new RolloutRefusedException($"Cannot scale to '{text}': give a whole number of replicas.");

    private static async Task<ExecuteCommandResult> RunAsync(ExecuteCommandContext context, Func<Rollouts, TimeSpan, Task<RolloutReport>> rollout)
    {
        var rollouts = context.Services.GetRequiredService<Rollouts>();
        try
        {
            var within = context.Arguments.GetString(HealthyWithinArgument) is { Length: > 0 } text
                ? int.TryParse(text, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new RolloutRefusedException($"'{text}' is not a number of seconds for {HealthyWithinArgument}. Nothing was changed.")
                : TimeSpan.FromSeconds(DefaultHealthyWithinSeconds);
            var report = await rollout(rollouts, within);
            return CommandResults.Success(report.ToString());
        }
        catch (Exception e) when (e is RolloutRefusedException or InvalidOperationException or TimeoutException or ReplicaStartException)
        {
            context.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Simulator").LogError("{Failure}", e.Message);
            if (e is RolloutRefusedException)
            {
                context.Services.GetRequiredService<RolloutProgress>().Refused(e.Message);
            }

            return CommandResults.Failure(e.Message);
        }
    }
}
