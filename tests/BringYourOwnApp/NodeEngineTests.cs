using Simulator.AppHost;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>The app's engines.node against the Node of the image set: read as npm reads ranges, a mismatch named in one warning.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class NodeEngineTests
{
    [Theory]
    [InlineData("^20.20", 20, true)]
    [InlineData("^20.20", 22, false)]
    [InlineData(">=18", 22, true)]
    [InlineData(">=18 <21", 22, false)]
    [InlineData(">= 18 < 23", 22, true)]
    [InlineData("^18 || ^20 || ^22", 22, true)]
    [InlineData("^18 || ^20", 22, false)]
    [InlineData("18 - 22", 22, true)]
    [InlineData("18 - 21.5", 22, false)]
    [InlineData("22.x", 22, true)]
    [InlineData("~20.11.1", 22, false)]
    [InlineData(">22", 22, false)]
    [InlineData(">22.1", 22, true)]
    [InlineData("<=22", 22, true)]
    [InlineData("<22", 22, false)]
    [InlineData("*", 22, true)]
    [InlineData("", 22, true)]
    [InlineData("v22.3.0", 22, true)]
    public void A_range_allows_a_major_when_some_release_of_it_satisfies_the_range(string range, int major, bool allowed) =>
        Assert.Equal(allowed, NodeEngine.AllowsMajor(range, major));

    [Theory]
    [InlineData("docker.io/library/node:24-slim", 24)]
    [InlineData("sailsim-offline/node:24", 24)]
    [InlineData("localhost:5000/node:20.11.1", 20)]
    [InlineData("node", null)]
    [InlineData("node@sha256:0123456789abcdef", null)]
    public void The_Node_major_of_an_image_is_read_from_its_tag(string image, int? major) =>
        Assert.Equal(major, NodeEngine.MajorOf(image));

    [Fact]
    public void A_mismatch_is_one_warning_naming_the_range_the_image_and_the_fix()
    {
        var warning = NodeEngine.Mismatch("^20.20", "sailsim-offline/node:24");

        Assert.Equal(
            "package.json asks for Node '^20.20' (engines.node), but the image set's Node is 24 (sailsim-offline/node:24): the app is built and run on Node 24. " +
            "Give Simulator:Images:Node an image of a Node the range allows, or widen the range.",
            warning);
        Assert.Null(NodeEngine.Mismatch(">=18", "sailsim-offline/node:24"));
        Assert.Null(NodeEngine.Mismatch(null, "sailsim-offline/node:24"));
        Assert.Contains("a range the simulator does not read", NodeEngine.Mismatch("latest", "sailsim-offline/node:24"));
    }

    [Fact]
    public void Package_json_engines_node_is_read()
    {
        Assert.Equal("^20.20", PackageJson.Parse("""{ "dependencies": {}, "engines": { "node": "^20.20" } }""").NodeEngine);
        Assert.Null(PackageJson.Parse("""{ "dependencies": {} }""").NodeEngine);
    }
}
