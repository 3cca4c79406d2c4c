using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>Bad settings about the user's app stop the AppHost before anything starts, with the fix.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class AppSettingsTests
{
    [Theory]
    [InlineData("--Simulator:App:Migrate=drop", "Simulator:App:Migrate is 'drop'; leave it unset (the app's own migrations) or set it to 'alter'")]
    [InlineData("--Simulator:App:HealthPath=readyz", "Simulator:App:HealthPath is 'readyz'; give a path that starts with '/'")]
    public async Task The_AppHost_refuses_a_bad_app_setting(string setting, string message) =>
        Assert.Contains(message, await AppHostRefusal.MessageAsync(setting));

    [Fact]
    public async Task The_AppHost_refuses_an_app_with_neither_a_Dockerfile_nor_app_js()
    {
        using var app = new AppFolder(new() { ["package.json"] = AppFolder.PackageJson(["sails"]) });

        Assert.Contains("which has neither a Dockerfile nor the app.js that `sails new` creates", await AppHostRefusal.MessageAsync($"--Simulator:App:Path={app.Path}"));
    }
}
