using Simulator.AppHost;
using Simulator.Tests.Topology;

namespace Simulator.Tests.Browser;

/// <summary>
/// The sample app's pages in Debian's Chromium, through the proxy at the topology's public origin:
/// cookies, CSRF from the page, sails.io.js under the page's Content-Security-Policy, reconnects.
/// Each test is one step (<see cref="BrowserRun.StepAsync"/>): it starts over on new pages, with a new
/// user, should Chromium drop its requests because another test's container changed the host's network.
/// </summary>
[Trait(Tier.Trait, Tier.Topology)]
[Collection(TopologyCollection.Name)]
public sealed class MessageBoardBrowserTests(TopologyFixture topology)
{
    /// <summary>Enough reloads that, with three replicas in rotation, two pages' sockets end up on different ones.</summary>
    private const int SocketPlacementAttempts = 12;

    [Fact]
    public async Task Two_users_whose_sockets_sit_on_different_replicas_see_each_others_messages_without_reloading()
    {
        await topology.WaitUntilHealthyAsync();
        await using var browser = await BrowserRun.StartAsync(topology.ProxyUri, topology.ProxyCertificate);
        await browser.RunAsync(() => browser.StepAsync("two users post and see each other's messages", async () =>
        {
            var ada = await browser.OpenBoardAsync();
            var bob = await browser.OpenBoardAsync();
            await ada.SignUpAndLogInAsync();
            await bob.SignUpAndLogInAsync();

            var adaSocket = await ada.SocketReplicaAsync();
            var bobSocket = await bob.SocketReplicaAsync();
            for (var attempt = 1; bobSocket == adaSocket && attempt <= SocketPlacementAttempts; attempt++)
            {
                await bob.ReloadAsync();
                bobSocket = await bob.SocketReplicaAsync();
            }

            Assert.NotEqual(adaSocket, bobSocket);

            var fromAda = $"hello from Ada {Guid.NewGuid():N}";
            await ada.PostAsync(fromAda);
            Assert.Matches(CreatedOnReplica, await bob.WaitForMessageAsync(fromAda));

            var fromBob = $"hello from Bob {Guid.NewGuid():N}";
            await bob.PostAsync(fromBob);
            Assert.Matches(CreatedOnReplica, await ada.WaitForMessageAsync(fromBob));

            AssertNoPolicyViolations(browser, ada, bob);
        }));
    }

    [Fact]
    public async Task After_login_ten_reloads_land_on_several_replicas_and_stay_logged_in()
    {
        await topology.WaitUntilHealthyAsync();
        await using var browser = await BrowserRun.StartAsync(topology.ProxyUri, topology.ProxyCertificate);
        await browser.RunAsync(() => browser.StepAsync("ten reloads after login", async () =>
        {
            var page = await browser.OpenBoardAsync();
            await page.SignUpAndLogInAsync();

            var servedBy = new HashSet<string>();
            for (var i = 0; i < 10; i++)
            {
                // Every reload makes the same requests; with nothing in between, round robin over three
                // replicas could send each page load to the same one. Other people's traffic shifts it in
                // production; here 0 to 2 requests of the page's own stand in for it.
                await page.FetchAsync("/healthz", Random.Shared.Next(3));
                var header = await page.ReloadAsync();
                var shown = await page.ServedByAsync();
                Assert.Equal(header, shown);
                Assert.Equal(page.Email, await page.UserAsync());
                servedBy.Add(shown);
            }

            Assert.True(servedBy.Count > 1, $"ten reloads were all served by {string.Join(", ", servedBy)}");
            Assert.Subset(TopologyFixture.ReplicaNames.ToHashSet(), servedBy);
        }));
    }

    [Fact]
    public async Task A_file_uploaded_in_the_page_downloads_with_the_same_bytes_and_name()
    {
        await topology.WaitUntilHealthyAsync();
        await using var browser = await BrowserRun.StartAsync(topology.ProxyUri, topology.ProxyCertificate);
        await browser.RunAsync(() => browser.StepAsync("upload a file and download it", async () =>
        {
            var page = await browser.OpenBoardAsync();
            await page.SignUpAndLogInAsync();
            var bytes = new byte[200_000];
            Random.Shared.NextBytes(bytes);
            var fileName = $"measurements-{Guid.NewGuid():N}.bin";

            await page.UploadAsync(fileName, "application/octet-stream", bytes);
            var (downloadedName, downloaded) = await page.DownloadAsync(fileName);

            Assert.Equal(fileName, downloadedName);
            Assert.Equal(bytes, downloaded);
        }));
    }

    [Fact]
    public async Task When_the_replica_holding_the_pages_socket_crashes_the_socket_reconnects_and_the_next_message_appears()
    {
        await topology.WaitUntilHealthyAsync();
        await topology.RunDestructiveAsync(async () =>
        {
            await using var browser = await BrowserRun.StartAsync(topology.ProxyUri, topology.ProxyCertificate);
            await browser.RunAsync(() => browser.StepAsync("crash the replica holding the page's socket, then post", async () =>
            {
                var page = await browser.OpenBoardAsync();
                await page.SignUpAndLogInAsync();
                var victim = await page.SocketReplicaAsync();

                // The page opens a new WebSocket only when its first one was closed.
                var reconnected = page.Page.WaitForWebSocketAsync();
                await topology.RunCommandAsync(victim, DashboardCommands.CrashProcess);
                await reconnected;
                await page.SocketReplicaAsync();

                var text = $"after the crash of {victim} {Guid.NewGuid():N}";
                await page.PostAsync(text);
                Assert.Matches(CreatedOnReplica, await page.WaitForMessageAsync(text));
                AssertNoPolicyViolations(browser, page);
            }));
        });
    }

    private const string CreatedOnReplica = "^created on sails-[0-9]+$";

    /// <summary>The pages need nothing their Content-Security-Policy forbids (the socket included).</summary>
    private static void AssertNoPolicyViolations(BrowserRun browser, params MessageBoardPage[] pages)
    {
        foreach (var page in pages)
        {
            Assert.DoesNotContain("Content Security Policy", browser.ConsoleLog(page.Page));
        }
    }
}
