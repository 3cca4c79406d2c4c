using System.Net;
using System.Security.Cryptography;
using Aspire.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Simulator.AppHost;
using Simulator.AppHost.Readiness;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>A user's own app, here a fresh `sails new` one without a Dockerfile, runs in the production topology.</summary>
[Trait(Tier.Trait, Tier.Apps)]
[Collection(FreshAppCollection.Name)]
public sealed class FreshSailsAppTests(FreshAppTopologyFixture topology)
{
    /// <summary>
    /// What the fresh Web App lacks for a multi-replica production, and nothing else: its datastore,
    /// session store and uploads are set in its production config (<see cref="FreshSailsApp"/>).
    /// </summary>
    private static readonly string[] FreshAppFindings =
    [
        "grunt-in-production", "migrations-missing", "session-cookie-not-secure",
        "sockets-memory-adapter", "sockets-origins-missing", "trust-proxy-missing",
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
            for (var i = 0; i < 3 * GeneratedAppTopologyFixture.Replicas; i++)
            {
                // The template's is-logged-in policy redirects to /login without a valid session.
                using var account = await user.Http.GetAsync("/account");
                Assert.True(account.StatusCode == HttpStatusCode.OK,
                    $"GET /account answered {(int)account.StatusCode} on {TemplateAppUser.Upstream(account)}: the session is not valid there");
                upstreams.Add(TemplateAppUser.Upstream(account));
            }
        }

        Assert.Equal(GeneratedAppTopologyFixture.Replicas, upstreams.Count);
    }

    [Fact]
    public async Task The_readiness_report_lists_exactly_what_the_app_lacks_for_production_and_no_uploads_to_local_disk()
    {
        var report = ReadinessReport.Inspect(SailsAppFolder.Read(topology.Sails.Path));
        Assert.Equal(FreshAppFindings, report.Ids.Order());
        // Its upload action's files go to S3 through the production config's uploads.adapter, not to the replica's disk.
        Assert.DoesNotContain("uploads-local-disk", report.Ids);

        // In the dashboard: the state counts the findings, the log holds the table.
        var readiness = await Bounded.WithinAsync(Bounded.HangLimit, "the readiness resource's state", token =>
            topology.Simulator.ResourceNotifications.WaitForResourceAsync("readiness", e => e.Snapshot.State?.Text is not null, token));
        Assert.Equal($"{FreshAppFindings.Length} findings", readiness.Snapshot.State?.Text);
        var log = await topology.LogAsync("readiness");
        Assert.All(FreshAppFindings, id => Assert.Contains(log, line => line.Contains($"| {id} ")));
    }

    [Fact]
    public async Task A_file_uploaded_with_sails_uploads_and_skipper_s3_on_one_replica_downloads_equal_on_every_replica_and_is_in_the_bucket()
    {
        // Over 5 MiB: skipper-s3's aws-sdk sends it as a multipart upload.
        var bytes = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        using var user = await TemplateAppUser.SignedUpAsync(topology.Origin, topology.Authority, $"uploader-{Guid.NewGuid():N}@example.test");

        var (upload, uploadedOn) = await user.UploadAsync(FreshSailsApp.UploadRoute, bytes, "photo.bin");
        var fd = upload.GetProperty("fd").GetString()!;

        var servedBy = new HashSet<string> { uploadedOn };
        for (var i = 0; i < 5 * GeneratedAppTopologyFixture.Replicas && servedBy.Count < GeneratedAppTopologyFixture.Replicas; i++)
        {
            using var download = await user.Http.GetAsync($"{FreshSailsApp.DownloadRoute}?fd={Uri.EscapeDataString(fd)}");
            var upstream = TemplateAppUser.Upstream(download);
            Assert.True(download.StatusCode == HttpStatusCode.OK, $"GET {FreshSailsApp.DownloadRoute} answered {(int)download.StatusCode} on {upstream}");
            var downloaded = await download.Content.ReadAsByteArrayAsync();
            Assert.True(bytes.SequenceEqual(downloaded), $"the bytes downloaded on {upstream} differ from those uploaded on {uploadedOn}");
            servedBy.Add(upstream);
        }

        Assert.Equal(GeneratedAppTopologyFixture.Replicas, servedBy.Count);
        var storage = ObjectStoreConnectionString.Parse(await topology.Simulator.GetConnectionStringAsync("storage")
            ?? throw new InvalidOperationException("the storage resource has no connection string"));
        using var s3 = storage.CreateS3Client();
        using var stored = await s3.GetObjectAsync(storage.Bucket, fd);
        using var content = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(content);
        Assert.True(bytes.SequenceEqual(content.ToArray()), $"the object '{fd}' in bucket '{storage.Bucket}' differs from the upload");
    }

    [Fact]
    public async Task The_apps_own_variable_names_hold_the_topologys_values_resolved_at_start()
    {
        var replica = await Bounded.WithinAsync(Bounded.HangLimit, "sails-1's environment", token =>
            topology.Simulator.ResourceNotifications.WaitForResourceAsync("sails-1", e => !e.Snapshot.EnvironmentVariables.IsDefaultOrEmpty, token));
        var environment = replica.Snapshot.EnvironmentVariables.Where(v => v.IsFromSpec).ToDictionary(v => v.Name, v => v.Value);

        Assert.StartsWith("postgres", environment["DATABASE_URL"]);
        Assert.Equal(environment["sails_datastores__default__url"], environment["DATABASE_URL"]);
        Assert.StartsWith("redis://", environment["REDIS_URL"]);
        Assert.Equal(environment["sails_session__url"], environment["REDIS_URL"]);
    }

    [Fact]
    public void Without_migrations_the_explicit_alter_option_creates_the_tables_once_before_the_replicas_lift()
    {
        Assert.Equal(0, topology.FirstMigrateExitCode);
        Assert.Contains(topology.FirstMigrateLog, line => line.Contains("tables created or altered"));
    }

    [Fact]
    public async Task Alter_started_again_on_the_database_holding_the_apps_tables_refuses_with_one_line_and_the_data_stays()
    {
        var email = $"kept-{Guid.NewGuid():N}@example.test";
        (await TemplateAppUser.SignedUpAsync(topology.Origin, topology.Authority, email)).Dispose();

        // As an operator would from the dashboard: start the finished migrate job again.
        var commands = topology.Simulator.Services.GetRequiredService<ResourceCommandService>();
        var started = await commands.ExecuteCommandAsync("migrate", KnownResourceCommands.StartCommand);
        Assert.True(started.Success, $"starting migrate again failed: {started.Message}");
        var again = await Bounded.WithinAsync(GeneratedAppTopologyFixture.HealthyWithin, "the second migrate run ending", token =>
            topology.Simulator.ResourceNotifications.WaitForResourceAsync("migrate",
                e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text) && e.Snapshot.ExitCode is not (null or 0), token));

        Assert.Equal(1, again.Snapshot.ExitCode);
        var refusal = Assert.Single(await topology.LogAsync("migrate"), line => line.Contains(MigrationPlan.RefusalLine));
        Assert.Contains("user", refusal);
        // The account made before is still there: logging in works.
        (await TemplateAppUser.LoggedInAsync(topology.Origin, topology.Authority, email)).Dispose();
    }

    [Fact]
    public void Building_and_running_the_app_leaves_its_folder_untouched()
    {
        Assert.Equal(topology.FolderBefore, GeneratedAppTopologyFixture.Snapshot(topology.Sails.Path));
        Assert.False(File.Exists(Path.Combine(topology.Sails.Path, "Dockerfile")));
    }
}
