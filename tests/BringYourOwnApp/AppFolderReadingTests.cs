using System.Net.Sockets;
using Simulator.AppHost;
using Simulator.AppHost.Readiness;
using static Simulator.Tests.BringYourOwnApp.ReadinessRulesTests;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// Files the report cannot read (special files, permissions, links to nothing) and a package.json
/// npm reads differently from a strict parser: each is a note, never a hang or a stack trace.
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class AppFolderReadingTests
{
    [Fact]
    public async Task Fifos_sockets_links_to_nothing_and_link_loops_are_skipped_with_a_note()
    {
        var files = ReadyApp();
        files["config/custom.js"] = "module.exports.custom = {};";
        using var app = new AppFolder(files);
        var config = Path.Combine(app.Path, "config");
        await MakeFifo(Path.Combine(config, "fifo.js"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(config, "socket.js")));
        File.CreateSymbolicLink(Path.Combine(config, "dangling.js"), Path.Combine(config, "nothing-here.js"));
        File.CreateSymbolicLink(Path.Combine(config, "loop.js"), Path.Combine(config, "loop.js"));
        File.CreateSymbolicLink(Path.Combine(app.Path, "api", "zero.js"), "/dev/zero");

        // Opening a FIFO for reading waits for a writer: a hang is what this bound catches.
        var report = await Task.Run(() => Inspect(app)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(report.Findings);
        Assert.Contains("config/fifo.js: empty, or not a regular file (a FIFO, socket or device); not read.", report.Notes);
        Assert.Contains("config/socket.js: empty, or not a regular file (a FIFO, socket or device); not read.", report.Notes);
        Assert.Contains("api/zero.js: empty, or not a regular file (a FIFO, socket or device); not read.", report.Notes);
        Assert.Contains("config/dangling.js: cannot be read (a link to nothing); not read.", report.Notes);
        Assert.Contains(report.Notes, note => note.StartsWith("config/loop.js: cannot be read ("));
    }

    [Fact]
    public void A_directory_where_a_file_is_expected_is_a_note_and_one_named_like_a_file_is_walked_as_sails_walks_it()
    {
        var files = ReadyApp();
        files["config/bootstrap.js/seed.js"] = "module.exports.seed = {};";
        files["config/http.js/proxy.js"] = "module.exports.http = { trustProxy: true };";
        files["config/env/production.js"] = files["config/env/production.js"].Replace("http: { trustProxy: true },", "");
        files[".sailsrc/config"] = "{}";

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        Assert.Contains("config/bootstrap.js: a directory, not a file; not read.", report.Notes);
        Assert.Contains(".sailsrc: a directory, not a file; not read.", report.Notes);
    }

    [Fact]
    public void Unreadable_files_and_folders_are_skipped_with_a_note()
    {
        var files = ReadyApp();
        files["config/secret.js"] = "module.exports.secret = {};";
        files["api/controllers/hidden/upload.js"] = "module.exports = async (req) => req.file('f').upload();";
        using var app = new AppFolder(files);
        var file = Path.Combine(app.Path, "config", "secret.js");
        var folder = Path.Combine(app.Path, "api", "controllers", "hidden");
        File.SetUnixFileMode(file, UnixFileMode.None);
        File.SetUnixFileMode(folder, UnixFileMode.None);
        try
        {
            var report = Inspect(app);

            // root reads anything: then only the absence of a crash is shown.
            if (!Environment.IsPrivilegedProcess)
            {
                Assert.Empty(report.Findings);
                Assert.Contains("config/secret.js: cannot be read (permission denied); not read.", report.Notes);
                Assert.Contains("api/controllers/hidden: cannot be listed (permission denied); its files are not read.", report.Notes);
            }
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

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
        var report = Inspect(app);

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

    [Theory]
    [InlineData("module.exports.routes = { 'GET /readyz': { action: 'health/readiness' } };", true)]
    [InlineData("module.exports.routes = { 'GET /': 'home', ['/readyz']: 'health' };", true)]
    [InlineData("module.exports.routes = { 'GET /': 'home' }; // 'GET /readyz': {}", false)]
    [InlineData("const re = /\\/*$/; module.exports.routes = { 'get   /readyz': {} };", true)]
    [InlineData("module.exports.routes = { 'POST /readyz': {} };", false)]
    public void A_route_is_declared_when_config_routes_js_names_it(string routes, bool declared)
    {
        using var app = new AppFolder(new Dictionary<string, string> { ["package.json"] = "{}", ["config/routes.js"] = routes });

        Assert.Equal(declared, SailsAppFolder.Read(app.Path).DeclaresRoute("/readyz"));
    }

    private static async Task MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
