using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Topology;

[Trait(Tier.Trait, Tier.Fast)]
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Simulator:Replicas=0", "Simulator:Replicas is 0; set it between 1 and 16")]
    [InlineData("--Simulator:Replicas=500", "Simulator:Replicas is 500; set it between 1 and 16")]
    [InlineData("--Simulator:App:Path=/nonexistent", "Simulator:App:Path is '/nonexistent', which has no package.json")]
    [InlineData("--Simulator:Images:Nginx=", "Simulator:Images:Nginx is empty")]
    public async Task The_AppHost_refuses_bad_configuration_before_anything_starts(string setting, string message) =>
        Assert.Contains(message, await AppHostRefusal.MessageAsync(setting));
}
