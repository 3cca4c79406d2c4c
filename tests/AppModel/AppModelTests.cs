using Aspire.Hosting.ApplicationModel;
using Simulator.AppHost;
using Simulator.SampleAppClient;

namespace Simulator.Tests.AppModel;

/// <summary>
/// What each resource of the topology gets, read from the AppHost's model without starting it:
/// the flow chart's resources, their WaitFor edges, images, endpoints, health checks, environment.
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class AppModelTests
{
    private static readonly string[] Replicas = ["sails-1", "sails-2", "sails-3"];

    [Fact]
    public async Task The_topology_has_the_flow_charts_resources_and_the_operators_tools()
    {
        await using var model = await AppModel.BuildAsync();

        foreach (var name in (string[])["postgres", "appdb", "redis", "storage", "app-image", "migrate", .. Replicas, "proxy", "traffic", "readiness", "rollouts"])
        {
            Assert.Contains(name, model.Names);
        }

        Assert.DoesNotContain("sails-7", model.Names);
    }

    [Fact]
    public async Task Replica_slots_up_to_Max_are_declared_and_those_beyond_Replicas_wait_for_a_scale_up()
    {
        await using var model = await AppModel.BuildAsync("--Simulator:Replicas=2", "--Simulator:Replicas:Max=5");

        Assert.Equal(["sails-1", "sails-2", "sails-3", "sails-4", "sails-5"], model.Names.Where(n => n.StartsWith("sails-", StringComparison.Ordinal)).Order());
        Assert.Equal(["sails-3", "sails-4", "sails-5"],
            model.Names.Where(n => n.StartsWith("sails-", StringComparison.Ordinal) && model[n].Annotations.OfType<ExplicitStartupAnnotation>().Any()).Order());
        Assert.Equal(["sails-1:WaitUntilHealthy", "sails-2:WaitUntilHealthy"], model.WaitsOf("proxy"));
    }

    [Fact]
    public async Task The_replica_count_follows_the_setting()
    {
        await using var model = await AppModel.BuildAsync("--Simulator:Replicas=5");

        // Twice as many slots by default, for scaling up.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"sails-{i}").Order(), model.Names.Where(n => n.StartsWith("sails-", StringComparison.Ordinal)).Order());
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"sails-{i}:WaitUntilHealthy"), model.WaitsOf("proxy"));
    }

    [Fact]
    public async Task The_migration_finishes_before_any_replica_starts_and_the_proxy_waits_for_every_replica()
    {
        await using var model = await AppModel.BuildAsync();

        Assert.Equal(["app-image:WaitForCompletion", "appdb:WaitUntilHealthy", "postgres:WaitUntilHealthy"], model.WaitsOf("migrate"));
        foreach (var replica in Replicas)
        {
            Assert.Equal(["app-image:WaitForCompletion", "migrate:WaitForCompletion", "redis:WaitUntilHealthy", "storage:WaitUntilHealthy"], model.WaitsOf(replica));
        }

        Assert.Equal(Replicas.Select(r => $"{r}:WaitUntilHealthy"), model.WaitsOf("proxy"));
        Assert.Equal(["proxy:WaitUntilHealthy"], model.WaitsOf("traffic"));
    }

    [Fact]
    public async Task Images_come_from_the_settings()
    {
        await using var model = await AppModel.BuildAsync(
            "--Simulator:Images:Nginx=example.test/nginx:9.9", "--Simulator:Images:Node=example.test/node:24-slim",
            "--Simulator:Images:ObjectStore=example.test/store:2", "--Simulator:Images:Redis=example.test/redis:8.6");

        Assert.Equal("example.test/nginx:9.9", ImageOf(model["proxy"]));
        Assert.Equal("example.test/store:2", ImageOf(model["storage"]));
        Assert.Equal("example.test/redis:8.6", ImageOf(model["redis"]));
        // The app's image is built once, tagged for each of its containers.
        var build = await model.ArgsOfAsync("app-image");
        Assert.Equal(["-c", "exec docker \"$@\" 2>&1", "docker", "build"], build[..4]);
        Assert.Contains("BASE_IMAGE=example.test/node:24-slim", build);
        Assert.Equal(RepositoryPaths.SampleApp, build[^1]);
        var repository = ((SailsAppImageResource)model["app-image"]).Images.Repository;
        foreach (var app in (string[])["migrate", .. Replicas])
        {
            Assert.Contains($"{repository}:{app}", build);
            Assert.Equal($"{repository}:{app}", ImageOf(model[app]));
        }
    }

    [Fact]
    public async Task The_proxy_alone_is_published_at_the_configured_ports_and_every_service_has_a_health_check()
    {
        await using var model = await AppModel.BuildAsync();

        var proxy = model["proxy"].Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
        Assert.Equal(["http", "https"], proxy.Keys.Order());
        Assert.Equal((model.ProxyPort, 80, false), (proxy["http"].Port, proxy["http"].TargetPort, proxy["http"].IsProxied));
        Assert.Equal((model.ProxyHttpsPort, 443, false, "https"),
            (proxy["https"].Port, proxy["https"].TargetPort, proxy["https"].IsProxied, proxy["https"].UriScheme));
        foreach (var replica in Replicas)
        {
            var app = Assert.Single(model[replica].Annotations.OfType<EndpointAnnotation>());
            Assert.Equal(SailsAppExtensions.AppPort, app.TargetPort);
        }

        foreach (var name in (string[])["postgres", "redis", "storage", .. Replicas, "proxy"])
        {
            Assert.True(model[name].Annotations.OfType<HealthCheckAnnotation>().Any(), $"{name} has no health check");
        }
    }

    [Fact]
    public async Task Replicas_are_configured_for_production_by_environment_alone_with_secrets_as_parameters()
    {
        await using var model = await AppModel.BuildAsync();

        foreach (var replica in Replicas)
        {
            var environment = await model.EnvironmentOfAsync(replica);
            Assert.Equal("production", environment["NODE_ENV"]);
            Assert.Equal(replica, environment["REPLICA_NAME"]);
            Assert.Equal("true", environment["sails_http__trustProxy"]);
            Assert.StartsWith("postgresql://postgres:{postgres-password.value}@{postgres.bindings.tcp.host}", environment["sails_datastores__default__url"]);
            Assert.EndsWith("/appdb", environment["sails_datastores__default__url"]);
            Assert.Contains("{redis.", environment["sails_session__url"]);
            Assert.Contains("{redis.", environment["sails_sockets__url"]);
            Assert.Equal("{session-secret.value}", environment["sails_session__secret"]);
            Assert.Equal("{storage-access-key.value}", environment["sails_custom__s3__accessKeyId"]);
            Assert.Equal("{storage-secret-key.value}", environment["sails_custom__s3__secretAccessKey"]);
            Assert.Equal($"[\"https://localhost:{model.ProxyHttpsPort}\",\"https://127.0.0.1:{model.ProxyHttpsPort}\"]",
                environment["sails_sockets__onlyAllowOrigins"]);
            // The app's own production cookie settings apply: the simulator no longer relaxes them.
            Assert.DoesNotContain(environment.Keys, key => key.StartsWith("sails_session__cookie", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Clients_of_the_product_reach_the_proxy_over_https_and_are_handed_the_CA_certificate()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"simulator-ca-{Guid.NewGuid():N}");
        await using var model = await AppModel.BuildAsync($"--Simulator:Proxy:CertificateFolder={folder}");

        var traffic = await model.EnvironmentOfAsync("traffic");
        Assert.Equal("{proxy.bindings.https.url}", traffic["Traffic__Url"]);
        Assert.Equal(Path.Combine(folder, ProductCertificateAuthority.CertificateFileName), traffic["Traffic__CertificateAuthority"]);
        Assert.Equal(["nginx", "-g", NginxConfiguration.MainDirectives], await model.ArgsOfAsync("proxy"));
        Assert.False(Directory.Exists(folder), "building the app model made a CA; only a run does");
    }

    [Fact]
    public async Task The_app_environment_setting_is_applied_to_every_app_container_last()
    {
        await using var model = await AppModel.BuildAsync("--Simulator:App:Environment:sails_custom__greeting=hello", "--Simulator:App:Environment:NODE_ENV=staging");

        foreach (var app in (string[])["migrate", .. Replicas])
        {
            var environment = await model.EnvironmentOfAsync(app);
            Assert.Equal("hello", environment["sails_custom__greeting"]);
            Assert.Equal("staging", environment["NODE_ENV"]);
        }
    }

    [Fact]
    public async Task Replicas_export_telemetry_to_the_dashboard_through_the_relay_not_Aspires_tunnel_unless_it_is_switched_off()
    {
        await using var on = await AppModel.BuildAsync();
        await using var off = await AppModel.BuildAsync("--Simulator:App:Telemetry=false");

        // DashboardTelemetryRelay carries it; the tunnel would cost every start about 8 s offline.
        Assert.Equal("false", on.Setting("ASPIRE_ENABLE_CONTAINER_TUNNEL"));

        foreach (var replica in Replicas)
        {
            Assert.True(on[replica].Annotations.OfType<OtlpExporterAnnotation>().Any(), $"{replica} exports no telemetry by default");
            Assert.False(off[replica].Annotations.OfType<OtlpExporterAnnotation>().Any(), $"{replica} exports telemetry with Telemetry=false");
        }
    }

    [Fact]
    public async Task A_trace_sample_ratio_below_1_gives_every_replica_a_parent_based_ratio_sampler()
    {
        await using var every = await AppModel.BuildAsync();
        await using var tenth = await AppModel.BuildAsync("--Simulator:App:TraceSampleRatio=0.1");

        foreach (var replica in Replicas)
        {
            // At 1, Aspire's own sampler stays (always_on in development; AspireCliTests shows a run's).
            Assert.False((await every.EnvironmentOfAsync(replica)).ContainsKey("OTEL_TRACES_SAMPLER"), $"{replica} has a sampler of ours at ratio 1");
            var sampled = await tenth.EnvironmentOfAsync(replica);
            Assert.Equal("parentbased_traceidratio", sampled["OTEL_TRACES_SAMPLER"]);
            Assert.Equal("0.1", sampled["OTEL_TRACES_SAMPLER_ARG"]);
        }
    }

    private static string ImageOf(IResource resource)
    {
        var image = Assert.Single(resource.Annotations.OfType<ContainerImageAnnotation>());
        return $"{image.Registry}{(image.Registry is null ? "" : "/")}{image.Image}:{image.Tag}";
    }
}
