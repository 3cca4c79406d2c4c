using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.Topology;

[Trait(Tier.Trait, Tier.Fast)]
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Simulator:Replicas=0", "Simulator:Replicas is 0; set it between 1 and 16")]
    [InlineData("--Simulator:Replicas=500", "Simulator:Replicas is 500; set it between 1 and 16")]
    [InlineData("--Simulator:Replicas:Max=2", "Simulator:Replicas:Max is '2'; set it between Simulator:Replicas (3) and 16")]
    [InlineData("--Simulator:Replicas:Max=17", "Simulator:Replicas:Max is '17'; set it between Simulator:Replicas (3) and 16")]
    [InlineData("--Simulator:Replicas:Max=many", "Simulator:Replicas:Max is 'many'; set it between Simulator:Replicas (3) and 16")]
    [InlineData("--Simulator:App:Path=/nonexistent", "Simulator:App:Path is '/nonexistent', which has no package.json")]
    [InlineData("--Simulator:Images:Nginx=", "Simulator:Images:Nginx is empty")]
    [InlineData("--Simulator:Proxy:HttpsPort=0", "Simulator:Proxy:HttpsPort is 0; set a TCP port between 1 and 65535")]
    [InlineData("--Simulator:Proxy:HttpsPort=70000", "Simulator:Proxy:HttpsPort is 70000; set a TCP port between 1 and 65535")]
    [InlineData("--Simulator:Proxy:CertificateFolder=ca", "Simulator:Proxy:CertificateFolder is 'ca'; give an absolute path outside any repository")]
    [InlineData("--Simulator:Proxy:HttpsPort=8080", "Simulator:Proxy:Port and Simulator:Proxy:HttpsPort are both 8080; give the https port its own")]
    public async Task The_AppHost_refuses_bad_configuration_before_anything_starts(string setting, string message) =>
        Assert.Contains(message, await AppHostRefusal.MessageAsync(setting));
}
