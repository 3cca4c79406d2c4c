using System.Text.Json.Nodes;
using Simulator.AppHost.Publish;

namespace Simulator.Tests.Publish;

/// <summary>The published Swarm stack, read back as `docker stack deploy` reads it; the swarm tier deploys it.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class SwarmStackFileTests(PublishedSampleApp published) : IClassFixture<PublishedSampleApp>
{
    private static readonly string[] LongRunning = ["postgres", "redis", "storage", "sails", "proxy"];

    [Fact]
    public void The_stack_has_every_service_of_the_topology_on_one_overlay_network_resolved_by_DNS_round_robin()
    {
        var services = published.Stack["services"]!.AsObject();
        Assert.Equal(["migrate", .. LongRunning.Order()], services.Select(s => s.Key).Order());
        Assert.Equal("overlay", published.Stack["networks"]![SwarmStack.Network]!["driver"]!.GetValue<string>());
        foreach (var (name, service) in services)
        {
            Assert.Equal([SwarmStack.Network], Strings(service!["networks"]));
        }

        // Virtual IPs and the ingress routing mesh need IPVS; every name resolves to its tasks instead.
        Assert.All(LongRunning, name => Assert.Equal("dnsrr", published.Service(name)["deploy"]!["endpoint_mode"]!.GetValue<string>()));
    }

    [Fact]
    public void The_replicas_are_one_service_with_rolling_updates_restarts_and_the_apps_health_check()
    {
        var sails = published.Service("sails");
        var deploy = sails["deploy"]!;
        Assert.Equal(PublishedSampleApp.Replicas, deploy["replicas"]!.GetValue<long>());
        Assert.Equal("start-first", deploy["update_config"]!["order"]!.GetValue<string>());
        Assert.Equal(1, deploy["update_config"]!["parallelism"]!.GetValue<long>());
        Assert.Equal("any", deploy["restart_policy"]!["condition"]!.GetValue<string>());
        Assert.Equal(PublishedSampleApp.AppImage, sails["image"]!.GetValue<string>());
        // The sample app routes /readyz, so its replicas are checked there, as in the AppHost.
        Assert.Contains("\"/readyz\"", string.Join(' ', Strings(sails["healthcheck"]!["test"])));
        Assert.Equal("sails-{{.Task.Slot}}", sails["environment"]!["REPLICA_NAME"]!.GetValue<string>());
        // The image's own command (the sample's Dockerfile CMD) runs after sails-env.sh.
        Assert.Equal(["/bin/sh", "/simulator/sails-env.sh"], Strings(sails["entrypoint"]));
        Assert.Equal(["node_modules/.bin/pm2-runtime", "ecosystem.config.js"], Strings(sails["command"]));
    }

    [Fact]
    public void Only_the_proxy_is_published_in_host_mode_on_the_configured_ports()
    {
        foreach (var (name, service) in published.Stack["services"]!.AsObject())
        {
            if (name != "proxy")
            {
                Assert.False(service!.AsObject().ContainsKey("ports"), $"{name} publishes ports; only the proxy may");
            }
        }

        // Host-mode ports are on the node that runs it: a manager, so clients know where.
        Assert.Equal(["node.role == manager"], Strings(published.Service("proxy")["deploy"]!["placement"]!["constraints"]));
        var ports = published.Service("proxy")["ports"]!.AsArray();
        Assert.Equal(
            [$"443->{published.HttpsPort}/host", $"80->{published.HttpPort}/host"],
            ports.Select(p => $"{p!["target"]}->{p["published"]}/{p["mode"]}"));
    }

    [Fact]
    public void The_backing_services_keep_their_data_in_volumes_and_have_health_checks()
    {
        Assert.Equal(["postgres-data", "redis-data", "storage-data"], published.Stack["volumes"]!.AsObject().Select(v => v.Key).Order());
        foreach (var name in new[] { "postgres", "redis", "storage" })
        {
            var service = published.Service(name);
            Assert.Single(Strings(service["volumes"]), v => v.StartsWith($"{name}-data:", StringComparison.Ordinal));
            Assert.NotEmpty(Strings(service["healthcheck"]!["test"]));
        }
    }

    [Fact]
    public void The_migration_is_a_one_shot_service_and_the_replicas_wait_for_it_to_finish()
    {
        var migrate = published.Service("migrate");
        Assert.Equal("on-failure", migrate["deploy"]!["restart_policy"]!["condition"]!.GetValue<string>());
        Assert.Equal(["npm", "run", "migrate"], Strings(migrate["command"]));
        Assert.Equal("migrate", migrate["environment"]!["SIMULATOR_ROLE"]!.GetValue<string>());

        // Swarm ignores depends_on conditions: the wait is in the replicas' entrypoint.
        var entrypoint = published.Run.Read(Path.Combine(PublishFolder.ConfigFolder, PublishFolder.SailsEnvFile));
        Assert.Matches(@"(?s)wait-for-migration\s*\nexec ""\$@""", entrypoint);
        Assert.Matches(@"(?s)""\$@""\s*\n\s*exec node ""\$tools"" mark-migrated", entrypoint);
    }

    [Fact]
    public async Task The_replicas_get_the_environment_the_AppHost_gives_them()
    {
        await using var model = await Simulator.Tests.AppModel.AppModel.BuildAsync($"--Simulator:Replicas={PublishedSampleApp.Replicas}");
        var inAppHost = (await model.EnvironmentOfAsync("sails-1")).Keys
            .Where(name => !name.StartsWith("OTEL_", StringComparison.Ordinal))
            .ToHashSet();

        // In the stack, or exported by sails-env.sh from the secrets.
        var sails = published.Service("sails");
        var entrypoint = published.Run.Read(Path.Combine(PublishFolder.ConfigFolder, PublishFolder.SailsEnvFile));
        var inStack = sails["environment"]!.AsObject().Select(e => e.Key)
            .Concat(System.Text.RegularExpressions.Regex.Matches(entrypoint, @"\b(sails_\w+)=").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Empty(inAppHost.Except(inStack).Order());
    }

    [Fact]
    public void Secrets_are_Swarm_secrets_read_from_the_publish_folder_and_no_other_published_file_holds_one()
    {
        var secrets = published.Stack["secrets"]!.AsObject();
        Assert.All(secrets, s => Assert.StartsWith("./secrets/", s.Value!["file"]!.GetValue<string>()));
        Assert.All(Directory.EnumerateFiles(Path.Combine(published.Run.Folder, PublishSecrets.Folder)),
            file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));

        var values = PublishSecrets.Values(published.Run.Folder).ToList();
        Assert.Equal(6, values.Count);
        foreach (var file in Directory.EnumerateFiles(published.Run.Folder, "*", SearchOption.AllDirectories)
                     .Where(f => !f.StartsWith(Path.Combine(published.Run.Folder, PublishSecrets.Folder), StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.False(values.Any(text.Contains), $"{file} contains a secret value");
        }

        Assert.False(values.Any(v => published.Run.Output.Any(line => line.Contains(v))), "publish printed a secret value");
        Assert.Contains("secrets/", published.Run.Read(".gitignore"));
    }

    private static IEnumerable<string> Strings(JsonNode? list) => list!.AsArray().Select(n => n!.GetValue<string>());
}
