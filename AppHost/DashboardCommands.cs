using System.Net;
using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Simulator.SampleAppClient;

// Aspire 13.6 marks process commands "for evaluation"; they start the generator, stream its
// output to the command's log and hand its exit code and output to LoadTestResult.
#pragma warning disable ASPIREPROCESSCOMMAND001

namespace Simulator.AppHost;

/// <summary>
/// What an operator can do from the dashboard beyond Aspire's own Start, Stop and Restart
/// (which every container already has): crash a replica's process, run a load test.
/// </summary>
public static class DashboardCommands
{
    public const string CrashProcess = "crash-process";
    public const string RunLoadTest = "run-load-test";

    /// <param name="faults">The app's fault switch (Simulator:App:Faults): the crash endpoint exists only while it is on.</param>
    public static void AddDashboardCommands(
        this IDistributedApplicationBuilder builder, IReadOnlyList<IResourceBuilder<ContainerResource>> replicas,
        IResourceBuilder<ContainerResource> proxy, bool faults, ProxyOptions proxyOptions)
    {
        if (faults)
        {
            foreach (var replica in replicas)
            {
                replica.WithCrashProcessCommand();
            }
        }

        proxy.WithLoadTestCommand(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "load-reports")), proxyOptions.AuthorityCertificatePath);
    }

    /// <summary>POST /__fault/crash on the replica's own endpoint: 202, then the Node process dies and PM2 starts another.</summary>
    private static void WithCrashProcessCommand(this IResourceBuilder<ContainerResource> replica)
    {
        var name = replica.Resource.Name;
        replica.WithHttpCommand(SampleAppApi.CrashPath, "Crash process", endpointName: "http", commandName: CrashProcess,
            commandOptions: new HttpCommandOptions
            {
                Description = "Kills the app's process in this container (an uncaught exception); PM2 restarts it while the proxy routes around it.",
                ConfirmationMessage = $"Crash the Sails process in {name}?",
                IconName = "Flash",
                GetCommandResult = context => Task.FromResult(context.Response.StatusCode == HttpStatusCode.Accepted
                    ? CommandResults.Success($"{name}'s process is crashing; PM2 restarts it within seconds")
                    : CommandResults.Failure($"{name} answered {(int)context.Response.StatusCode} to POST {SampleAppApi.CrashPath} instead of 202")),
            });
    }

    /// <summary>
    /// Runs the TrafficGenerator's report mode against the proxy's https endpoint (trusting the
    /// simulator's CA) for a fixed time; its progress goes to the command's log, its table is the command's result.
    /// </summary>
    private static void WithLoadTestCommand(this IResourceBuilder<ContainerResource> proxy, string reportsFolder, string certificateAuthority)
    {
        var generator = new Projects.TrafficGenerator().ProjectPath;
        // The generator is built with the AppHost, in the AppHost's configuration.
        var configuration = typeof(DashboardCommands).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        proxy.WithProcessCommand(RunLoadTest, "Run load test",
            context => new ProcessCommandSpec("dotnet")
            {
                Arguments =
                [
                    "run", "--no-build", "--configuration", configuration, "--project", generator, "--", "report",
                    "--url", proxy.GetEndpoint("https").Url,
                    "--ca", certificateAuthority,
                    "--duration", context.Arguments.GetString("duration") ?? "30",
                    "--concurrency", context.Arguments.GetString("concurrency") ?? "8",
                    "--out", context.Arguments.GetString("folder") ?? reportsFolder,
                ],
            },
            new ProcessCommandOptions
            {
                Description = "Drives virtual users through the proxy for a fixed time, then writes report.md and a chart.",
                IconName = "TopSpeed",
                Arguments =
                [
                    new InteractionInput { Name = "duration", Label = "Duration (s)", InputType = InputType.Number, Required = true, Value = "30" },
                    new InteractionInput { Name = "concurrency", Label = "Virtual users", InputType = InputType.Number, Required = true, Value = "8" },
                    new InteractionInput { Name = "folder", Label = "Reports folder", InputType = InputType.Text, Required = true, Value = reportsFolder },
                ],
                UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
                GetCommandResult = context => Task.FromResult(LoadTestResult(context)),
            });
    }

    /// <summary>Success carries the printed table (Markdown); failure, the generator's one-line reason.</summary>
    private static ExecuteCommandResult LoadTestResult(ProcessCommandResultContext context)
    {
        var lines = context.Output.Select(line => line.ToString()).ToList();
        if (context.ExitCode != 0)
        {
            var reason = lines.LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "no output";
            return CommandResults.Failure($"The load test failed (exit code {context.ExitCode}): {reason}");
        }

        var folder = lines.Last(l => l.StartsWith(ConsoleContract.ReportWrittenTo, StringComparison.Ordinal))[ConsoleContract.ReportWrittenTo.Length..];
        var table = string.Join('\n', lines.Where(l => l.StartsWith('|')));
        return CommandResults.Success($"Load report written to {folder}", $"{folder}\n\n{table}", CommandResultFormat.Markdown, displayImmediately: true);
    }
}
