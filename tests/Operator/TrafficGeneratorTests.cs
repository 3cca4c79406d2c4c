using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Operator;

/// <summary>The "traffic" resource: off until started, then virtual users through the proxy.</summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class TrafficGeneratorTests(TopologyFixture topology)
{
    private const string Traffic = "traffic";

    [Fact]
    public async Task The_traffic_resource_waits_to_be_started_then_posts_messages_through_the_proxy_until_stopped()
    {
        await topology.WaitUntilHealthyAsync();
        var before = await Bounded.WithinAsync(Bounded.HangLimit, $"{Traffic}'s state being published", token =>
            topology.App.ResourceNotifications.WaitForResourceAsync(Traffic, e => e.Snapshot.State?.Text is { Length: > 0 }, token));
        Assert.Equal(KnownResourceStates.NotStarted, before.Snapshot.State?.Text);

        await topology.RunCommandAsync(Traffic, KnownResourceCommands.StartCommand);
        try
        {
            await Bounded.WithinAsync(Bounded.HangLimit, $"{Traffic} becoming Healthy", token =>
                topology.App.ResourceNotifications.WaitForResourceHealthyAsync(Traffic, token));
            await Bounded.EventuallyAsync(Bounded.HangLimit, "a message from the traffic generator being listed", async () =>
            {
                var messages = await topology.Proxy.GetFromJsonAsync<JsonElement>("/api/messages");
                Assert.Contains(messages.EnumerateArray(), m => m.GetProperty("text").GetString()!.StartsWith("traffic ", StringComparison.Ordinal));
            });
        }
        finally
        {
            await topology.RunCommandAsync(Traffic, KnownResourceCommands.StopCommand);
            await Bounded.WithinAsync(Bounded.HangLimit, $"{Traffic} stopping", token =>
                topology.App.ResourceNotifications.WaitForResourceAsync(Traffic, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token));
        }
    }
}
