using Aspire.Hosting.ApplicationModel;

namespace Simulator.Tests.AppModel;

/// <summary>
/// A second simulator on the same machine gets data of its own with Simulator:Instance; unset, the
/// volume names stay those of every earlier run (their data is kept).
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class DataVolumeTests
{
    private static readonly string[] Services = ["postgres", "redis", "storage"];

    [Fact]
    public async Task Without_an_instance_the_data_volumes_keep_their_names()
    {
        await using var model = await AppModel.BuildAsync();

        Assert.Equal(Services.Select(s => $"sails-simulator-{s}-data"), Services.Select(s => VolumeOf(model[s])));
    }

    [Fact]
    public async Task An_instance_has_data_volumes_of_its_own()
    {
        await using var model = await AppModel.BuildAsync("--Simulator:Instance=second");

        Assert.Equal(Services.Select(s => $"sails-simulator-second-{s}-data"), Services.Select(s => VolumeOf(model[s])));
    }

    [Theory]
    [InlineData("--Simulator:Instance=Second User", "Simulator:Instance is 'Second User'; give 1-30 lowercase letters, digits or hyphens")]
    [InlineData("--Simulator:Instance=-x", "Simulator:Instance is '-x'; give 1-30 lowercase letters")]
    public async Task A_bad_instance_name_is_refused(string setting, string message) =>
        Assert.Contains(message, await AppHostRefusal.MessageAsync(setting));

    private static string VolumeOf(IResource resource) =>
        Assert.Single(resource.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume).Source!;
}
