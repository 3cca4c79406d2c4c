using Simulator.Tests.Infrastructure;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>Bad settings about the user's app stop the AppHost before anything starts, with the fix.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class AppSettingsTests
{
    [Theory]
    [InlineData("--Simulator:App:Migrate=drop", "Simulator:App:Migrate is 'drop'; leave it unset (the app's own migrations) or set it to 'alter'")]
    [InlineData("--Simulator:App:HealthPath=readyz", "Simulator:App:HealthPath is 'readyz'; give a path on the replica that starts with a single '/'")]
    [InlineData("--Simulator:App:HealthPath=//example.test/x", "Simulator:App:HealthPath is '//example.test/x'; give a path on the replica")]
    [InlineData("--Simulator:App:UploadMaxBytes=9223372036854775000", "Simulator:App:UploadMaxBytes is 9223372036854775000; set a number of bytes between 1 and 5368709120")]
    [InlineData("--Simulator:App:TraceSampleRatio=0", "Simulator:App:TraceSampleRatio is 0; set a share of the traces above 0 and at most 1")]
    [InlineData("--Simulator:App:TraceSampleRatio=1.5", "Simulator:App:TraceSampleRatio is 1.5; set a share of the traces above 0 and at most 1")]
    [InlineData("--Simulator:App:TraceSampleRatio=ten%", "Failed to convert configuration value 'ten%' at 'Simulator:App:TraceSampleRatio' to type 'System.Double'")]
    [InlineData("--Simulator:App:Bucket=My_Uploads", "Simulator:App:Bucket is 'My_Uploads'; an S3 bucket name is 3-63 characters")]
    [InlineData("--Simulator:App:Bucket=192.168.1.10", "Simulator:App:Bucket is '192.168.1.10'; an S3 bucket name is")]
    [InlineData("--Simulator:App:Bucket=up..loads", "Simulator:App:Bucket is 'up..loads'; an S3 bucket name is")]
    public async Task The_AppHost_refuses_a_bad_app_setting(string setting, string message) =>
        Assert.Contains(message, await AppHostRefusal.MessageAsync(setting));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\t")]
    [InlineData("\u001b")]
    public async Task The_AppHost_refuses_an_app_path_with_a_control_character_in_one_line(string control)
    {
        var refusal = await AppHostRefusal.MessageAsync($"--Simulator:App:Path=/tmp/app{control}RUN evil");

        Assert.Contains($"Simulator:App:Path is '/tmp/app\\u{(int)control[0]:x4}RUN evil', which contains a control character", refusal);
        Assert.Single(refusal.Split('\n'), line => line.Contains("Simulator:App:Path"));
    }

    [Fact]
    public async Task The_AppHost_refuses_an_app_with_neither_a_Dockerfile_nor_app_js()
    {
        using var app = new AppFolder(new() { ["package.json"] = AppFolder.PackageJson(["sails"]) });

        Assert.Contains("which has neither a Dockerfile nor the app.js that `sails new` creates", await AppHostRefusal.MessageAsync($"--Simulator:App:Path={app.Path}"));
    }
}
