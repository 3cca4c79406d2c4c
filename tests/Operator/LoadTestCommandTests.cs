using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Simulator.AppHost;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Operator;

/// <summary>The proxy's "Run load test" command: the TrafficGenerator's report mode against the topology.</summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class LoadTestCommandTests(TopologyFixture topology) : IDisposable
{
    private readonly DirectoryInfo _reports = Directory.CreateTempSubdirectory("simulator-load-reports-");

    [Fact]
    public async Task A_short_load_test_reaches_every_replica_without_errors_and_its_report_holds_the_printed_figures()
    {
        await topology.WaitUntilHealthyAsync();
        var result = await Bounded.WithinAsync(Bounded.HangLimit, "the load test command finishing", token =>
            Commands.ExecuteCommandAsync("proxy", DashboardCommands.RunLoadTest, Arguments(duration: "6", concurrency: "3"), token));

        Assert.True(result.Success, $"the load test command failed: {result.Message}");
        var printed = LoadReportTable.Parse(result.Data!.Value);
        var folder = Assert.Single(_reports.GetDirectories());
        Assert.Equal(printed, LoadReportTable.Parse(File.ReadAllText(Path.Combine(folder.FullName, "report.md"))));

        Assert.True(LoadReportTable.Count(printed, "requests") > 0, "the load test made no requests");
        Assert.Equal("0", printed["errors"]);
        Assert.Equal("none", printed["errors by status"]);
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            Assert.True(LoadReportTable.Count(printed, $"requests served by {replica}") > 0, $"{replica} served none of the load");
        }

        var delivered = printed["socket messages delivered"].Split(' ');
        Assert.True(delivered[0] == delivered[2], $"the sockets missed messages: {printed["socket messages delivered"]} delivered");

        var chart = await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "chart.png"));
        Assert.True(chart.Length > 10_000 && chart.AsSpan(0, 8).SequenceEqual(LoadReportTable.PngSignature), "chart.png is not a chart");
    }

    [Fact]
    public async Task A_load_test_with_a_bad_duration_fails_with_the_generators_one_line_reason()
    {
        await topology.WaitUntilHealthyAsync();

        var result = await Bounded.WithinAsync(Bounded.HangLimit, "the load test command failing", token =>
            Commands.ExecuteCommandAsync("proxy", DashboardCommands.RunLoadTest, Arguments(duration: "-1", concurrency: "3"), token));

        Assert.False(result.Success);
        Assert.Contains("--duration must be a positive number of seconds up to 86400 (got -1)", result.Message);
        Assert.Empty(_reports.GetDirectories());
    }

    private ResourceCommandService Commands => topology.App.Services.GetRequiredService<ResourceCommandService>();

    private InteractionInputCollection Arguments(string duration, string concurrency) => new(
    [
        new InteractionInput { Name = "duration", InputType = InputType.Number, Value = duration },
        new InteractionInput { Name = "concurrency", InputType = InputType.Number, Value = concurrency },
        new InteractionInput { Name = "folder", InputType = InputType.Text, Value = _reports.FullName },
    ]);

    public void Dispose() => _reports.Delete(recursive: true);
}
