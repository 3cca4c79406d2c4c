using Aspire.Hosting.Testing;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Browser;

/// <summary>
/// The Aspire dashboard in Chromium, as an operator uses it: token login, the resources page, a
/// replica's "Crash process". Each step runs on a page of its own (<see cref="BrowserRun.OnPageAsync"/>):
/// logging in again with the token URL is what an operator does with a new tab.
/// </summary>
[Trait(Tier.Trait, Tier.Apps)]
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardTopologyFixture topology)
{
    [Fact]
    public async Task The_token_URL_logs_in_every_resource_shows_Running_and_Crash_process_from_the_menu_restarts_the_replicas_process()
    {
        const string victim = "sails-1";
        using var direct = new HttpClient { BaseAddress = topology.App.GetEndpoint(victim, "http"), Timeout = Bounded.HangLimit };
        var pidBefore = await ReplicaProcess.PidAsync(direct);

        await using var browser = await BrowserRun.StartAsync(topology.Origin);
        await browser.RunAsync(async () =>
        {
            await browser.OnPageAsync("every service shows Running", async page =>
            {
                var dashboard = await DashboardPage.LogInAsync(page, topology.LoginUrl);
                foreach (var name in DashboardTopologyFixture.ServiceNames)
                {
                    await dashboard.ExpectRunningAndHealthyAsync(name);
                }
            });

            // Should the step start over after its Yes, the second crash gives a new process as well.
            await browser.OnPageAsync($"Crash process on {victim}", async page =>
            {
                var dashboard = await DashboardPage.LogInAsync(page, topology.LoginUrl);
                await dashboard.RunConfirmedCommandAsync(victim, "Crash process", $"Crash the Sails process in {victim}?");
            });

            await Bounded.EventuallyAsync(Bounded.HangLimit, $"{victim} answering from a process other than pid {pidBefore}", async () =>
                Assert.NotEqual(pidBefore, await ReplicaProcess.PidAsync(direct)));
            await browser.OnPageAsync($"{victim} shows Running again", async page =>
                await (await DashboardPage.LogInAsync(page, topology.LoginUrl)).ExpectRunningAndHealthyAsync(victim));
        });
    }
}
