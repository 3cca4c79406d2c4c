using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Browser;

/// <summary>The Aspire dashboard in Chromium, as an operator uses it: token login, the resources page, a replica's "Crash process".</summary>
[Trait(Tier.Trait, Tier.Apps)]
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardBrowserTests(DashboardTopologyFixture topology)
{
    [Fact]
    public async Task The_token_URL_logs_in_every_resource_shows_Running_and_Crash_process_from_the_menu_restarts_the_replicas_process()
    {
        var dashboard = new Uri(topology.LoginUrl.GetLeftPart(UriPartial.Authority));
        await using var browser = await BrowserRun.StartAsync(dashboard);
        await browser.RunAsync(async () =>
        {
            var page = await browser.OpenPageAsync();
            await page.GotoAsync(topology.LoginUrl.ToString());

            // Running and Healthy shows as "Running"; not yet healthy, as "Running (Unhealthy)". A number after it counts unread error logs.
            foreach (var name in DashboardTopologyFixture.ServiceNames)
            {
                await Assertions.Expect(Row(page, name).Locator(".state-column-cell")).ToHaveTextAsync(RunningAndHealthy());
            }

            const string victim = "sails-1";
            using var direct = new HttpClient { BaseAddress = topology.App.GetEndpoint(victim, "http"), Timeout = TimeSpan.FromSeconds(30) };
            var pidBefore = await ReplicaProcess.PidAsync(direct);

            // The row's "..." button (its title is "Actions"), the command in its menu, then the command's confirmation.
            await Row(page, victim).Locator("[title='Actions']").ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "Crash process" }).ClickAsync();
            // The dialog's buttons are fluent-button elements whose inner button has no accessible name: found by their text.
            var confirmation = page.Locator("fluent-dialog").Filter(new() { HasTextString = $"Crash the Sails process in {victim}?" });
            await confirmation.Locator("fluent-button").GetByText("Yes", new() { Exact = true }).ClickAsync();

            await Bounded.EventuallyAsync(Bounded.HangLimit, $"{victim} answering from a process other than pid {pidBefore}", async () =>
                Assert.NotEqual(pidBefore, await ReplicaProcess.PidAsync(direct)));
            await Assertions.Expect(Row(page, victim).Locator(".state-column-cell")).ToHaveTextAsync(RunningAndHealthy());
        });
    }

    /// <summary>The resources grid's row of a resource (its name cell holds exactly the name).</summary>
    private static ILocator Row(IPage page, string resource) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Gridcell).GetByText(resource, new() { Exact = true }) });

    [GeneratedRegex(@"^\s*Running\s*\d*\s*$")]
    private static partial Regex RunningAndHealthy();
}
