using Simulator.AppHost;
using Simulator.AppHost.Readiness;
using static Simulator.Tests.BringYourOwnApp.ReadinessRulesTests;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>A package.json npm reads differently from a strict parser: one note, never a stack trace.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class AppFolderReadingTests
{
    [Theory]
    [InlineData("""{ "name": "a", "scripts": { "migrate": "one", "migrate": "two" } }""", "\"scripts.migrate\" given more than once")]
    [InlineData("""{ "dependencies": { "sails": "1" }, "dependencies": { "sails": "1", "sails": "2" } }""", "\"dependencies\", \"dependencies.sails\" given more than once")]
    [InlineData("""{ "name": "a", "scripts": { "migrate": "x" """, "not valid JSON (line 1)")]
    public void A_package_json_npm_reads_differently_is_one_note_not_a_crash(string json, string note)
    {
        var files = ReadyApp();
        files["package.json"] = json;
        using var app = new AppFolder(files);

        var folder = SailsAppFolder.Read(app.Path);
        var report = ReadinessReport.Inspect(folder);

        Assert.Contains(report.Notes, n => n.StartsWith("package.json: ") && n.Contains(note));
        if (json.Contains("\"two\""))
        {
            Assert.Equal("two", folder.Package.Scripts["migrate"]);
        }
    }

    [Fact]
    public async Task The_apphost_builds_for_an_app_whose_package_json_gives_a_key_twice()
    {
        var files = ReadyApp();
        files["package.json"] = """{ "name": "a", "dependencies": { "sails": "1" }, "scripts": { "start": "node app.js", "start": "node app.js" } }""";
        files["app.js"] = "require('sails').lift(require('sails/accessible/rc')('sails'));";
        files["Dockerfile"] = "FROM node:20";
        using var app = new AppFolder(files);

        await using var model = await Simulator.Tests.AppModel.AppModel.BuildAsync($"--Simulator:App:Path={app.Path}");

        Assert.Contains("readiness", model.Names);
    }
}
