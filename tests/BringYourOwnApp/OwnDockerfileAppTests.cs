using System.Net;
using System.Net.Http.Json;
using Simulator.AppHost;
using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>A user's app with its own Dockerfile that declares none of the topology's adapters runs in the production topology.</summary>
[Trait(Tier.Trait, Tier.Apps)]
[Collection(OwnDockerfileAppCollection.Name)]
public sealed class OwnDockerfileAppTests(OwnDockerfileTopologyFixture topology)
{
    [Fact]
    public async Task An_app_whose_own_Dockerfile_lacks_the_adapters_lifts_and_its_session_is_valid_on_every_replica()
    {
        var handler = topology.Authority.CreateHandler();
        handler.UseCookies = true;
        handler.CookieContainer = new CookieContainer();
        using var browser = new HttpClient(handler) { BaseAddress = topology.Origin, Timeout = TimeSpan.FromSeconds(30) };

        var upstreams = new HashSet<string>();
        for (var expected = 1; expected <= 3 * GeneratedAppTopologyFixture.Replicas; expected++)
        {
            using var response = await browser.GetAsync(FreshSailsApp.CountRoute);
            var upstream = TemplateAppUser.Upstream(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {FreshSailsApp.CountRoute} answered {(int)response.StatusCode} on {upstream}");
            // One higher each time, wherever it lands: the session is in Redis, through the adapter the layer added.
            var count = (await response.Content.ReadFromJsonAsync<Count>())!.count;
            Assert.True(count == expected, $"request {expected} on {upstream} counted {count}: the session did not hold there");
            upstreams.Add(upstream);
        }

        Assert.Equal(GeneratedAppTopologyFixture.Replicas, upstreams.Count);
    }

    [Fact]
    public void The_image_is_the_apps_own_Dockerfile_and_a_layer_adding_the_adapters_and_the_folder_is_untouched()
    {
        var image = SailsAppImage.For(SailsAppFolder.Read(topology.Sails.Path), SailsAppImage.DefaultGeneratedRoot);

        Assert.False(image.IsGenerated);
        Assert.Equal(AdapterLayer.Adapters, image.AddedPackages.Select(p => p[..p.LastIndexOf('@')]));
        Assert.Equal(topology.FolderBefore, GeneratedAppTopologyFixture.Snapshot(topology.Sails.Path));
    }

    private sealed record Count(int count);
}
