using System.Text.Json.Nodes;
using Simulator.AppHost.Publish;

namespace Simulator.Tests.Publish;

/// <summary>
/// The published Kubernetes manifests: valid objects of the Kubernetes API (schemas of one pinned
/// version, see <see cref="KubernetesApiSchema"/>) that carry the topology. Validated only: no
/// Kubernetes control plane runs on these machines.
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class KubernetesManifestTests(PublishedSampleApp published) : IClassFixture<PublishedSampleApp>
{
    [Fact]
    public void Every_manifest_is_a_valid_object_of_the_Kubernetes_API()
    {
        var manifests = published.Manifests.ToList();
        Assert.Equal(10, manifests.Count);
        var problems = manifests.SelectMany(m => KubernetesApiSchema.Instance.Problems(m.Manifest).Select(p => $"{m.File}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void A_field_the_API_does_not_have_is_an_error()
    {
        var deployment = published.Manifest("Deployment", "sails").DeepClone();
        deployment["spec"]!["replica"] = 3;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]!["httpGet"]!["port"] = true;

        var problems = KubernetesApiSchema.Instance.Problems(deployment);
        Assert.Contains(problems, p => p.Contains("/spec") && p.Contains("replica"));
        Assert.Contains(problems, p => p.Contains("/spec/template/spec/containers/0/readinessProbe/httpGet/port"));
    }

    [Fact]
    public void The_replicas_are_a_Deployment_with_probes_on_the_health_path_and_rolling_updates()
    {
        var deployment = published.Manifest("Deployment", "sails");
        Assert.Equal(PublishedSampleApp.Replicas, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(0, deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<long>());
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(PublishedSampleApp.AppImage, container["image"]!.GetValue<string>());
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("/readyz", container[probe]!["httpGet"]!["path"]!.GetValue<string>());
        }

        Assert.Equal(["node_modules/.bin/pm2-runtime", "ecosystem.config.js"], container["args"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public void Postgres_Redis_and_the_object_store_are_StatefulSets_with_volume_claims_and_Services()
    {
        foreach (var name in new[] { "postgres", "redis", "storage" })
        {
            var set = published.Manifest("StatefulSet", name);
            Assert.Equal("data", set["spec"]!["volumeClaimTemplates"]![0]!["metadata"]!["name"]!.GetValue<string>());
            Assert.NotNull(set["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]);
            Assert.NotNull(published.Manifest("Service", name));
        }

        Assert.NotNull(published.Manifest("Service", "sails"));
    }

    [Fact]
    public void The_migration_is_a_Job_and_the_Ingress_is_for_the_nginx_controller_with_TLS_and_WebSocket_timeouts()
    {
        var job = published.Manifest("Job", "migrate");
        Assert.Equal(["npm", "run", "migrate"], job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));

        var ingress = published.Manifest("Ingress", "proxy");
        Assert.Equal("nginx", ingress["spec"]!["ingressClassName"]!.GetValue<string>());
        Assert.Equal(KubernetesManifests.TlsSecret, ingress["spec"]!["tls"]![0]!["secretName"]!.GetValue<string>());
        Assert.Equal("3600", ingress["metadata"]!["annotations"]!["nginx.ingress.kubernetes.io/proxy-read-timeout"]!.GetValue<string>());
        Assert.Equal("sails", ingress["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void The_kustomization_lists_every_manifest_and_generates_the_Secrets_from_the_published_secret_files()
    {
        var kustomization = YamlDocuments.Single(published.Run.Read(KubernetesManifests.KustomizationFile));
        Assert.Equal(
            Directory.EnumerateFiles(Path.Combine(published.Run.Folder, KubernetesManifests.Folder)).Select(f => $"kubernetes/{Path.GetFileName(f)}").Order(),
            kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>()).Order());

        var generated = kustomization["secretGenerator"]!.AsArray().Concat(kustomization["configMapGenerator"]!.AsArray())
            .SelectMany(g => g!["files"]!.AsArray().Select(f => f!.GetValue<string>().Split('=')[1]));
        Assert.All(generated, file => Assert.True(File.Exists(Path.Combine(published.Run.Folder, file)), $"{file} is generated from but not published"));

        // No Secret is written out: its values stay in secrets/.
        Assert.DoesNotContain(published.Manifests, m => m.Manifest["kind"]!.GetValue<string>() == "Secret");
    }
}
