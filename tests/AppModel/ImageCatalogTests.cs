using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Simulator.AppHost;

namespace Simulator.Tests.AppModel;

/// <summary>The one image catalog (eng/images/catalog.txt) that the AppHost, eng/images.sh and the tests read.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class ImageCatalogTests
{
    [Fact]
    public void The_catalogs_upstream_Postgres_and_Redis_are_Aspires_own_defaults()
    {
        var builder = DistributedApplication.CreateBuilder();

        Assert.Equal(ContainerImages.Postgres.Upstream, ImageOf(builder.AddPostgres("postgres").Resource));
        Assert.Equal(ContainerImages.Redis.Upstream, ImageOf(builder.AddRedis("redis").Resource));
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

    private static string ImageOf(IResource resource)
    {
        var image = Assert.Single(resource.Annotations.OfType<ContainerImageAnnotation>());
        return $"{image.Registry}/{image.Image}:{image.Tag}";
    }
}
