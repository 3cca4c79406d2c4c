using System.Net;
using Aspire.Hosting.ApplicationModel;
using Simulator.AppHost;
using Simulator.AppHost.Readiness;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>A user's own app, here a fresh `sails new` one without a Dockerfile, runs in the production topology.</summary>
[Trait(Tier.Trait, Tier.Apps)]
[Collection(FreshAppCollection.Name)]
public sealed class FreshSailsAppTests(FreshAppTopologyFixture topology)
{
    /// <summary>What a fresh `sails new` Web App lacks for a multi-replica production, and nothing else.</summary>
    private static readonly string[] FreshAppFindings =
    [
        "datastore-sails-disk", "grunt-in-production", "migrations-missing", "session-cookie-not-secure",
        "session-memory-store", "sockets-memory-adapter", "sockets-origins-missing", "trust-proxy-missing",
    ];

    [Fact]
    public async Task The_home_page_of_a_fresh_sails_new_app_renders_through_the_proxy()
    {
        using var browser = new TemplateAppUser(topology.Origin, topology.Authority);

        using var home = await browser.Http.GetAsync("/");

        Assert.True(home.StatusCode == HttpStatusCode.OK, $"GET / answered {(int)home.StatusCode} from {TemplateAppUser.Upstream(home)}");
        Assert.Equal("text/html", home.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await home.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task After_signup_and_login_on_a_fresh_app_the_session_is_valid_on_both_replicas()
    {
        var email = $"user-{Guid.NewGuid():N}@example.test";
        using var signedUp = await TemplateAppUser.SignedUpAsync(topology.Origin, topology.Authority, email);
        using var loggedIn = await TemplateAppUser.LoggedInAsync(topology.Origin, topology.Authority, email);

        var upstreams = new HashSet<string>();
        foreach (var user in new[] { signedUp, loggedIn })
        {
            for (var i = 0; i < 3 * FreshAppTopologyFixture.Replicas; i++)
            {
                // The template's is-logged-in policy redirects to /login without a valid session.
                using var account = await user.Http.GetAsync("/account");
                Assert.True(account.StatusCode == HttpStatusCode.OK,
                    $"GET /account answered {(int)account.StatusCode} on {TemplateAppUser.Upstream(account)}: the session is not valid there");
                upstreams.Add(TemplateAppUser.Upstream(account));
            }
        }

        Assert.Equal(FreshAppTopologyFixture.Replicas, upstreams.Count);
    }

    [Fact]
    public async Task The_readiness_report_lists_exactly_what_a_fresh_app_lacks_for_production()
    {
        var report = ReadinessReport.Inspect(SailsAppFolder.Read(topology.Sails.Path));
        Assert.Equal(FreshAppFindings, report.Ids.Order());

        // In the dashboard: the state counts the findings, the log holds the table.
        var readiness = await Bounded.WithinAsync(Bounded.HangLimit, "the readiness resource's state", token =>
            topology.Simulator.ResourceNotifications.WaitForResourceAsync("readiness", e => e.Snapshot.State?.Text is not null, token));
        Assert.Equal($"{FreshAppFindings.Length} findings", readiness.Snapshot.State?.Text);
        var log = await topology.LogAsync("readiness");
        Assert.All(FreshAppFindings, id => Assert.Contains(log, line => line.Contains($"| {id} ")));
    }

    [Fact]
    public async Task Without_migrations_the_explicit_alter_option_creates_the_tables_once_before_the_replicas_lift()
    {
        var migrate = await Bounded.WithinAsync(Bounded.HangLimit, "the migrate job's final state", token =>
            topology.Simulator.ResourceNotifications.WaitForResourceAsync("migrate", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), token));
        var log = await topology.LogAsync("migrate");

        Assert.Equal(0, migrate.Snapshot.ExitCode);
        Assert.Contains(log, line => line.Contains("tables created or altered"));
    }

    [Fact]
    public void Building_and_running_the_app_leaves_its_folder_untouched()
    {
        Assert.Equal(topology.FolderBefore, FreshAppTopologyFixture.Snapshot(topology.Sails.Path));
        Assert.False(File.Exists(Path.Combine(topology.Sails.Path, "Dockerfile")));
    }
}
