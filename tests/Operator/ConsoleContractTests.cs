using Simulator.SampleAppClient;

namespace Simulator.Tests.Operator;

/// <summary>Lines one process prints and another reads are defined once (ConsoleContract); a script's reading is checked here.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class ConsoleContractTests
{
    [Fact]
    public void The_startup_measurement_waits_for_the_line_the_AppHost_prints_once_all_is_healthy()
    {
        Assert.Contains($"grep -q \"{ConsoleContract.AppServedAt}\"", SimulatorRunScript);
    }

    [Fact]
    public void The_startup_measurement_reads_the_timeline_lines_the_AppHost_prints()
    {
        Assert.Contains($"$1 != \"{ConsoleContract.StartupTimeline.TrimEnd()}\" {{ next }}", SimulatorRunScript);
    }

    private static string SimulatorRunScript => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "eng", "simulator-run.sh"));
}
