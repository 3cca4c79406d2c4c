using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Simulator.AppHost;

namespace Simulator.Tests.AppModel;

/// <summary>The one image catalog (eng/images/catalog.txt) that the AppHost, eng/images.sh and the tests read.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class ImageCatalogTests
{
    private static readonly ContainerImage[] Runtimes = [ContainerImages.Postgres, ContainerImages.Redis, ContainerImages.Nginx, ContainerImages.Node];

    /// <summary>
    /// CI runs the offline set, users the upstream images: both must be one stack. The offline tag names
    /// the major the offline image provides (nginx: its stable branch), so every upstream tag lies within it.
    /// This replaced the rule "upstream Postgres is Aspire's default": 18.3 has no offline equivalent.
    /// </summary>
    [Fact]
    public void Online_and_offline_run_the_same_major_of_Postgres_Redis_nginx_and_Node()
    {
        foreach (var image in Runtimes)
        {
            var major = TagOf(image.Offline);
            Assert.Matches($@"^{Regex.Escape(major)}([.-]|$)", TagOf(image.Upstream!));
        }
    }

    [Fact]
    public void The_offline_Node_is_a_supported_LTS_pinned_to_an_official_release_of_its_tags_major()
    {
        Assert.Contains(TagOf(ContainerImages.Node.Offline), (string[])["22", "24"]);

        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "eng", "images", ContainerImages.Node.BuiltFrom!, "Dockerfile"));
        var version = Regex.Match(dockerfile, @"ARG NODE_VERSION=(\S+)").Groups[1].Value;
        Assert.StartsWith(TagOf(ContainerImages.Node.Offline) + ".", version);
        Assert.Matches(@"ARG NODE_INTEGRITY=sha512-\S+", dockerfile);
    }

    [Fact]
    public void The_upstream_Redis_is_Aspires_own_default()
    {
        var builder = DistributedApplication.CreateBuilder();

        Assert.Equal(ContainerImages.Redis.Upstream, ImageOf(builder.AddRedis("redis").Resource));
    }

    /// <summary>Aspire picks the data path from the tag when WithDataVolume is called: 17 keeps data under /data.</summary>
    [Fact]
    public void The_upstream_Postgres_keeps_its_data_in_the_volume_where_the_offline_one_does()
    {
        var builder = DistributedApplication.CreateBuilder();
        var postgres = builder.AddPostgres("postgres").WithImageFrom(ContainerImages.Postgres.Upstream!).WithDataVolume("data");

        Assert.Equal("/var/lib/postgresql/data", Assert.Single(postgres.Resource.Annotations.OfType<ContainerMountAnnotation>()).Target);
    }

    [Fact]
    public void Every_upstream_image_is_pinned_and_has_an_offline_equivalent_that_eng_images_sh_builds()
    {
        foreach (var image in new[] { ContainerImages.Postgres, ContainerImages.Redis, ContainerImages.Nginx, ContainerImages.Node, ContainerImages.ObjectStore })
        {
            Assert.DoesNotContain(":latest", image.Upstream);
            Assert.Matches(@":[^/]+$", image.Upstream);
            Assert.True(Directory.Exists(Path.Combine(RepositoryPaths.Root, "eng", "images", image.BuiltFrom!)),
                $"{image.Name}'s offline image {image.Offline} has no build folder eng/images/{image.BuiltFrom}");
        }
    }

    private static string TagOf(string reference) => reference[(reference.LastIndexOf(':') + 1)..];

    private static string ImageOf(IResource resource)
    {
        var image = Assert.Single(resource.Annotations.OfType<ContainerImageAnnotation>());
        return $"{image.Registry}/{image.Image}:{image.Tag}";
    }
}
