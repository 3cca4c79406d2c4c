using System.Net;
using System.Net.Sockets;

namespace Simulator.Tests.Browser;

/// <summary>
/// The test harness's answer to Chromium failing a page's requests when the host's network changes
/// (<see cref="BrowserRun.StepAsync"/>), proven with the real cause: a container network created while
/// the page waits for its connection.
/// </summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed class BrowserStepTests
{
    [Fact]
    public async Task A_step_whose_navigation_a_new_container_network_cut_starts_over_on_a_new_page()
    {
        // Takes connections and never answers: Chromium's connection waits in its TLS handshake.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentOrigin = $"https://localhost:{((IPEndPoint)silent.LocalEndpoint).Port}/";
        var accepted = silent.AcceptSocketAsync();

        await using var browser = await BrowserRun.StartAsync(new Uri("http://localhost/"));
        var attempts = 0;
        await browser.RunAsync(() => browser.StepAsync("navigate while a container network is created", async () =>
        {
            var page = await browser.OpenPageAsync();
            if (++attempts > 1)
            {
                await page.SetContentAsync("<p id=again>the step ran again</p>");
                return;
            }

            var navigation = page.GotoAsync(silentOrigin);
            using var connection = await accepted;
            // A new network's bridge gets an address on the host, as when a topology starts: Chromium's network changed.
            var network = $"sailsim-browser-step-{Guid.NewGuid():N}";
            await DockerCommand.RunAsync("network", "create", network);
            await DockerCommand.RunAsync("network", "rm", network);
            await navigation;
        }));

        Assert.Equal(2, attempts);
    }
}
