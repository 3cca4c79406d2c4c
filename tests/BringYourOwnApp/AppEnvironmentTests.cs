using Aspire.Hosting.ApplicationModel;
using Simulator.AppHost;
using Model = Simulator.Tests.AppModel.AppModel;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// What a user's app is given by environment: its own variable names filled from the topology, and
/// Sails' standard uploads settings where it has skipper-s3. App-model tests: built, never started.
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class AppEnvironmentTests
{
    private static readonly string[] AppContainers = ["migrate", "sails-1", "sails-2", "sails-3"];

    [Fact]
    public async Task References_in_the_apps_own_variables_resolve_to_the_topologys_values_with_secrets_as_parameters()
    {
        await using var model = await Model.BuildAsync(
            "--Simulator:App:Environment:DATABASE_URL={database.url}",
            "--Simulator:App:Environment:REDIS_URL={redis.url}",
            "--Simulator:App:Environment:S3_URL={storage.endpoint}/{storage.bucket}",
            "--Simulator:App:Environment:S3_KEYS={storage.accessKey}:{storage.secretKey}",
            "--Simulator:App:Environment:BASE_URL={proxy.origin}/app",
            "--Simulator:App:Environment:sails_custom__json={\"a\":{\"b\":1}}");

        foreach (var container in AppContainers)
        {
            var environment = await model.EnvironmentOfAsync(container);
            Assert.Equal(environment["sails_datastores__default__url"], environment["DATABASE_URL"]);
            Assert.Equal(environment["sails_session__url"], environment["REDIS_URL"]);
            Assert.Equal("{storage.bindings.http.scheme}://{storage.bindings.http.host}:{storage.bindings.http.port}/uploads", environment["S3_URL"]);
            Assert.Equal("{storage-access-key.value}:{storage-secret-key.value}", environment["S3_KEYS"]);
            Assert.Equal($"https://localhost:{model.ProxyHttpsPort}/app", environment["BASE_URL"]);
            // Braces that are no reference stay as written.
            Assert.Equal("{\"a\":{\"b\":1}}", environment["sails_custom__json"]);
        }
    }

    [Theory]
    [InlineData("DATABASE_URL={database.uri}", "Simulator:App:Environment:DATABASE_URL refers to {database.uri}, which the topology does not have; known references: {database.url}, {redis.url}")]
    [InlineData("S3=prefix-{storage.bucket}-{storage.region}", "Simulator:App:Environment:S3 refers to {storage.region}, which the topology does not have")]
    public async Task An_unknown_reference_stops_the_AppHost_before_start_with_one_line_naming_it(string setting, string message)
    {
        var refusal = await AppHostRefusal.MessageAsync($"--Simulator:App:Environment:{setting}");

        Assert.Contains(message, refusal);
        Assert.Single(refusal.Split('\n'), line => line.Contains("refers to"));
    }

    [Fact]
    public async Task An_app_with_skipper_s3_gets_sails_uploads_settings_for_the_topologys_bucket()
    {
        using var app = new AppFolder(new()
        {
            ["package.json"] = AppFolder.PackageJson(["sails", "sails-hook-uploads", "skipper-s3"]),
            ["app.js"] = "require('sails').lift();",
        });
        await using var model = await Model.BuildAsync($"--Simulator:App:Path={app.Path}");

        foreach (var replica in AppContainers[1..])
        {
            var environment = await model.EnvironmentOfAsync(replica);
            Assert.Equal("{storage.bindings.http.scheme}://{storage.bindings.http.host}:{storage.bindings.http.port}", environment["sails_uploads__endpoint"]);
            Assert.Equal("uploads", environment["sails_uploads__bucket"]);
            Assert.Equal("{storage-access-key.value}", environment["sails_uploads__key"]);
            Assert.Equal("{storage-secret-key.value}", environment["sails_uploads__secret"]);
            Assert.Equal("us-east-1", environment["sails_uploads__region"]);
        }

        // skipper-s3's aws-sdk v2 addresses the bucket as <bucket>.<endpoint host>: the store answers to that name.
        var storage = model["storage"];
        Assert.Contains("uploads.storage.dev.internal", storage.Annotations.OfType<ContainerNetworkAliasAnnotation>().Select(a => a.Alias));
        Assert.Equal("storage.dev.internal", (await model.EnvironmentOfAsync("storage"))["MINIO_DOMAIN"]);
    }

    [Fact]
    public async Task An_app_without_skipper_s3_gets_no_uploads_settings()
    {
        await using var model = await Model.BuildAsync();

        Assert.DoesNotContain((await model.EnvironmentOfAsync("sails-1")).Keys, key => key.StartsWith("sails_uploads__", StringComparison.Ordinal));
    }
}
