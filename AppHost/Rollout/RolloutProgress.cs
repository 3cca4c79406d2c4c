using Microsoft.Extensions.Logging;

namespace Simulator.AppHost;

/// <summary>The rollouts in the dashboard: its state is the running rollout's step, or how the last one ended; its log holds every step.</summary>
public sealed class RolloutProgressResource(string name) : Resource(name);

/// <summary>Shows each step of a rollout on <see cref="RolloutProgressResource"/> as it happens, and how the rollout ended.</summary>
public sealed class RolloutProgress(RolloutProgressResource resource, ResourceNotificationService notifications, ResourceLoggerService resourceLogs)
{
    public const string NoneYet = "No rollout yet";

    public static CustomResourceSnapshot InitialSnapshot => new()
    {
        ResourceType = "Rollouts",
        State = new ResourceStateSnapshot(NoneYet, KnownResourceStateStyles.Info),
        Properties = [],
    };

    public Task StepAsync(string step) => ShowAsync(step, KnownResourceStateStyles.Info);

    public Task SucceededAsync(string report) => ShowAsync(report, KnownResourceStateStyles.Success);

    /// <summary>The state shows the reason's first line (a state is one line); the log has all of it.</summary>
    public Task FailedAsync(string reason) => ShowAsync(reason, KnownResourceStateStyles.Error);

    /// <summary>Nothing changed, so the state stays; the log says why.</summary>
    public void Refused(string reason) => resourceLogs.GetLogger(resource).LogWarning("{Refusal}", reason);

    private Task ShowAsync(string text, string style)
    {
        resourceLogs.GetLogger(resource).Log(style == KnownResourceStateStyles.Error ? LogLevel.Error : LogLevel.Information, "{Step}", text);
        var line = text.Split('\n', 2)[0];
        return notifications.PublishUpdateAsync(resource, snapshot => snapshot with { State = new ResourceStateSnapshot(line, style) });
    }
}
