using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Simulator.Tests.Browser;

/// <summary>The Aspire dashboard's resources page in the browser, found by role and text as an operator reads it.</summary>
public sealed partial class DashboardPage
{
    private readonly IPage _page;

    private DashboardPage(IPage page) => _page = page;

    /// <summary>Opens the token URL the AppHost hands out; the dashboard answers with its resources page.</summary>
    public static async Task<DashboardPage> LogInAsync(IPage page, Uri loginUrl)
    {
        await page.GotoAsync(loginUrl.ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resources", Exact = true })).ToBeVisibleAsync();
        return new DashboardPage(page);
    }

    /// <summary>Running and Healthy shows as "Running"; not yet healthy, as "Running (Unhealthy)". A number after it counts unread error logs.</summary>
    public Task ExpectRunningAndHealthyAsync(string resource) =>
        Assertions.Expect(Row(resource).Locator(".state-column-cell")).ToHaveTextAsync(RunningAndHealthy());

    /// <summary>
    /// A command from the row's "..." menu (its title is "Actions"), in its Commands submenu (where the
    /// dashboard puts a resource's own commands when it has several, as every replica does), then Yes
    /// in the command's confirmation dialog.
    /// </summary>
    public async Task RunConfirmedCommandAsync(string resource, string command, string confirmation)
    {
        await Row(resource).GetByTitle("Actions", new() { Exact = true }).ClickAsync();
        // The submenu's item is named by its title alone; its accessible name takes in the submenu's items.
        await _page.GetByRole(AriaRole.Menuitem).And(_page.GetByTitle("Commands", new() { Exact = true })).ClickAsync();
        await _page.GetByRole(AriaRole.Menuitem, new() { Name = command, Exact = true }).ClickAsync();
        // The dialog's buttons are fluent-button elements whose inner button has no accessible name: found by their text.
        var dialog = _page.Locator("fluent-dialog").Filter(new() { HasTextString = confirmation });
        await dialog.Locator("fluent-button").GetByText("Yes", new() { Exact = true }).ClickAsync();
        // The dashboard closes the dialog once it has taken the answer and started the command.
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }

    /// <summary>The resources grid's row of a resource (its name cell holds exactly the name).</summary>
    private ILocator Row(string resource) =>
        _page.GetByRole(AriaRole.Row).Filter(new() { Has = _page.GetByRole(AriaRole.Gridcell).GetByText(resource, new() { Exact = true }) });

    [GeneratedRegex(@"^\s*Running\s*\d*\s*$")]
    private static partial Regex RunningAndHealthy();
}
