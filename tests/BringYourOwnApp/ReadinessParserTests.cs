using System.Diagnostics;
using System.Net.Sockets;
using Simulator.AppHost;
using Simulator.AppHost.Readiness;
using Xunit.Abstractions;
using static Simulator.Tests.BringYourOwnApp.ReadinessRulesTests;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>
/// The report reads the app's JavaScript as Sails and Node would (Acornima, never running it):
/// each input the hand-written lexer misread, with the findings it must give.
/// </summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class ReadinessParserTests(ITestOutputHelper output)
{
    private const string ProductionJs = "config/env/production.js";

    [Theory]
    [InlineData("const withoutScheme = (url) => url.replace(/^https?:\\/\\//, '');")]
    [InlineData("const trimmed = (path) => path.replace(/\\/*$/, '');")]
    [InlineData("const both = [/^https?:\\/\\//, /\\/*$/, /['\"`]/];")]
    public void A_regular_expression_literal_is_not_taken_for_a_comment(string line)
    {
        var files = ReadyApp();
        files[ProductionJs] = line + "\n" + files[ProductionJs];

        Assert.Empty(Inspect(files).Findings);
    }

    [Fact]
    public void A_regular_expression_in_an_action_does_not_hide_the_code_after_it()
    {
        var files = ReadyApp();
        files["api/controllers/photo/upload.js"] = """
            const clean = (name) => name.replace(/\/*$/, '');
            module.exports = async function (req, res) {
              req.file('photo').upload({ maxBytes: 1000000 }, (err, files) => res.ok(files));
            };
            """;

        Assert.Equal(["uploads-local-disk"], Inspect(files).Ids);
    }

    [Theory]
    [InlineData("const adapter = '@sailshq/connect-redis';", false)]
    [InlineData("let adapter = '@sailshq/connect-redis';", false)]
    [InlineData("const adapter = 'memory';", true)]
    public void A_shorthand_property_stands_for_the_files_own_binding(string binding, bool memoryStore)
    {
        var files = ReadyApp();
        files[ProductionJs] = binding + "\n" + files[ProductionJs].Replace("adapter: '@sailshq/connect-redis'", "adapter");

        string[] expected = memoryStore ? ["session-memory-store"] : [];
        Assert.Equal(expected, Inspect(files).Ids);
    }

    [Fact]
    public void A_binding_assigned_again_is_known_only_at_run_time()
    {
        var files = ReadyApp();
        files[ProductionJs] = "let adapter = 'memory';\nif (process.env.REDIS_URL) { adapter = '@sailshq/connect-redis'; }\n"
                              + files[ProductionJs].Replace("adapter: '@sailshq/connect-redis'", "adapter");

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        Assert.Contains(report.Notes, note => note.StartsWith("session.adapter: config/env/production.js:") && note.Contains("a variable"));
    }

    [Fact]
    public void Named_exports_after_an_empty_exports_object_are_read()
    {
        var files = ReadyApp();
        files[ProductionJs] = """
            module.exports = {};
            module.exports.datastores = { default: { adapter: 'sails-postgresql' } };
            module.exports.models = { migrate: 'safe' };
            module.exports.session = { adapter: '@sailshq/connect-redis', cookie: { secure: true } };
            module.exports.sockets = { adapter: '@sailshq/socket.io-redis', onlyAllowOrigins: ['https://shop.test'] };
            module.exports.http = {};
            module.exports.http.trustProxy = true;
            """;

        Assert.Empty(Inspect(files).Findings);
    }

    [Fact]
    public void Exports_written_through_the_old_exports_object_are_lost_as_in_node()
    {
        var files = ReadyApp();
        files[ProductionJs] = files[ProductionJs].Replace("http: { trustProxy: true },", "") + "\nexports.http = { trustProxy: true };";

        Assert.Equal(["trust-proxy-missing"], Inspect(files).Ids);
    }

    [Fact]
    public void A_later_assignment_replaces_the_whole_setting()
    {
        var files = ReadyApp();
        files[ProductionJs] += "\nmodule.exports.session = { cookie: { secure: true } };";

        Assert.Equal(["session-memory-store"], Inspect(files).Ids);
    }

    [Fact]
    public void Object_assign_onto_the_exports_is_read()
    {
        var files = ReadyApp();
        files[ProductionJs] = files[ProductionJs].Replace("http: { trustProxy: true },", "")
                              + "\nObject.assign(module.exports, { http: { trustProxy: true } });";

        Assert.Empty(Inspect(files).Findings);
    }

    [Theory]
    [InlineData("if (process.env.BEHIND_PROXY) { module.exports.http = { trustProxy: true }; }")]
    [InlineData("for (const key of ['http']) { module.exports[key] = { trustProxy: true }; }")]
    [InlineData("require('lodash').merge(module.exports, require('./shared'));")]
    public void A_write_that_may_not_happen_is_not_judged(string statement)
    {
        var files = ReadyApp();
        files[ProductionJs] = files[ProductionJs].Replace("http: { trustProxy: true },", "") + "\n" + statement;

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        Assert.Contains(report.Notes, note => note.StartsWith("http.trustProxy: config/env/production.js:") && note.EndsWith("not checked."));
    }

    [Fact]
    public void Undefined_leaves_what_earlier_files_set_and_null_clears_it()
    {
        var files = ReadyApp();
        files["config/session.js"] = "module.exports.session = { adapter: '@sailshq/connect-redis' };";
        files[ProductionJs] = files[ProductionJs].Replace("adapter: '@sailshq/connect-redis'", "adapter: undefined");
        Assert.Empty(Inspect(files).Findings);

        files[ProductionJs] = files[ProductionJs].Replace("adapter: undefined", "adapter: null");
        Assert.Equal(["session-memory-store"], Inspect(files).Ids);
    }

    [Fact]
    public void A_spread_of_the_files_own_object_is_read()
    {
        var files = ReadyApp();
        files[ProductionJs] = "const redis = { adapter: '@sailshq/connect-redis' };\n"
                              + files[ProductionJs].Replace("session: { adapter: '@sailshq/connect-redis',", "session: { ...redis,");

        Assert.Empty(Inspect(files).Findings);
    }

    [Fact]
    public void A_json_config_file_is_read_as_node_requires_it()
    {
        var files = ReadyApp();
        files[ProductionJs] = files[ProductionJs].Replace("http: { trustProxy: true },", "");
        files["config/http.json"] = """{ "http": { "trustProxy": true } }""";

        Assert.Empty(Inspect(files).Findings);
    }

    // Sails merges config/env/production/** first, then config/env/production.js over it:
    // sails/lib/hooks/moduleloader/index.js, loadUserConfig's mergeDictionaries(config/*, env/**, env/*, local).
    [Theory]
    [InlineData("'@sailshq/connect-redis'", "'memory'", new string[0])]
    [InlineData("'memory'", "'@sailshq/connect-redis'", new[] { "session-memory-store" })]
    public void Config_env_production_js_wins_over_the_production_folder(string inProductionJs, string inProductionFolder, string[] expected)
    {
        var files = ReadyApp();
        files[ProductionJs] = files[ProductionJs].Replace("'@sailshq/connect-redis'", inProductionJs);
        files["config/env/production/session.js"] = $"module.exports.session = {{ adapter: {inProductionFolder} }};";

        var report = Inspect(files);

        Assert.Equal(expected, report.Ids);
        Assert.All(report.Findings, f => Assert.Equal(ProductionJs, f.File));
    }

    [Fact]
    public void Config_files_are_merged_in_the_order_sails_loads_them()
    {
        var files = new Dictionary<string, string>
        {
            ["package.json"] = AppFolder.PackageJson(SailsDependencies),
            ["config/a.js"] = "module.exports.a = 1;",
            ["config/b.js"] = "module.exports.b = 1;",
            ["config/b/x.js"] = "module.exports.bx = 1;",
            ["config/custom.js/inner.js"] = "module.exports.inner = 1;",
            ["config/http.coffee"] = "module.exports.http = {}",
            ["config/local.js"] = "module.exports.local = 1;",
            ["config/nonlocal.js"] = "module.exports.nonlocal = 1;",
            ["config/locales/en.json"] = "{}",
            ["config/env/development.js"] = "module.exports.development = 1;",
            ["config/env/production.js"] = "module.exports.production = 1;",
            ["config/env/production/b.js"] = "module.exports.pb = 1;",
            ["config/env/production/a/z.json"] = """{ "paz": 1 }""",
            ["config/myenv/x.js"] = "module.exports.myenv = 1;",
            ["config/readme.md"] = "not config",
        };
        using var app = new AppFolder(files);
        var sources = new AppSources(SailsAppFolder.Read(app.Path));

        Assert.Equal(
            [
                "config/a.js", "config/b/x.js", "config/b.js", "config/custom.js/inner.js", "config/http.coffee",
                "config/env/production/a/z.json", "config/env/production/b.js", "config/env/production.js",
            ],
            SailsConfig.LoadOrder(sources));
        Assert.Contains(Inspect(app).Notes, note => note.StartsWith("config/http.coffee: Sails loads it only through a compiler"));
    }

    [Fact]
    public void Sailsrc_is_read_as_rc_reads_it_with_comments_stripped_and_its_comments_are_reported()
    {
        var files = ReadyApp();
        files["tasks/register/prod.js"] = "module.exports = function (grunt) {};";
        files[".sailsrc"] = """
            {
              // Assets are built into the image.
              "hooks": { "grunt": false } /* not at lift */
            }
            """;

        var finding = Assert.Single(Inspect(files).Findings);
        Assert.Equal(("sailsrc-comments", ".sailsrc"), (finding.Id, finding.File));
    }

    [Theory]
    [InlineData("// no JSON first\n{ \"hooks\": { \"grunt\": false } }", "does not start with '{', so rc reads it as ini")]
    [InlineData("{ \"hooks\": { \"grunt\": false }, }", "not valid JSON at line 1, which rc refuses")]
    public void A_sailsrc_rc_does_not_read_as_json_is_not_trusted(string sailsrc, string note)
    {
        var files = ReadyApp();
        files["tasks/register/prod.js"] = "module.exports = function (grunt) {};";
        files[".sailsrc"] = sailsrc;

        var report = Inspect(files);

        Assert.Equal(["grunt-in-production"], report.Ids);
        Assert.Contains(report.Notes, n => n.StartsWith(".sailsrc: ") && n.Contains(note));
    }

    [Theory]
    [InlineData("'sk_live_4eC39HqLyjWDarjtT1zdp7dc' + process.env.SESSION_SUFFIX", "an expression")]
    [InlineData("process.env.SESSION_ADAPTER || 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'", "a choice made at run time")]
    [InlineData("`sk_live_4eC39HqLyjWDarjtT1zdp7dc${process.env.X}`", "a template string with substitutions")]
    [InlineData("require('./secrets')('sk_live_4eC39HqLyjWDarjtT1zdp7dc')", "the result of a call")]
    public void A_computed_value_is_reported_as_not_checked_without_any_of_its_text(string value, string kind)
    {
        var files = ReadyApp();
        files[ProductionJs] = files[ProductionJs].Replace("'@sailshq/connect-redis'", value);

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        var note = Assert.Single(report.Notes);
        Assert.Equal($"session.adapter: config/env/production.js:4 sets session.adapter to {kind}, known only at run time; not checked.", note);
        Assert.DoesNotContain(ReadinessTable.Render(report), line => line.Contains("sk_live") || line.Contains("SESSION_"));
    }

    [Fact]
    public void A_file_that_does_not_parse_is_a_note_that_quotes_none_of_it()
    {
        var files = ReadyApp();
        files["config/session.js"] = "module.exports.session = {\n  secret: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' 4eC39Hq,\n};";

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        var note = Assert.Single(report.Notes);
        Assert.StartsWith("config/session.js: not valid JavaScript at line 2, column ", note);
        Assert.DoesNotContain("4eC39Hq", note);
    }

    [Fact]
    public void Nesting_too_deep_to_parse_is_a_note_and_long_chains_and_self_spreads_are_read_without_recursion()
    {
        var files = ReadyApp();
        files["config/deep.js"] = "module.exports.deep = " + new string('[', 100_000) + new string(']', 100_000) + ";";
        files["config/chain.js"] = "a" + string.Concat(Enumerable.Repeat(".b", 100_000)) + ".c(module.exports);\nmodule.exports.chain = {};";
        files["config/self.js"] = "const sockets = { ...sockets };\nmodule.exports.sockets = sockets;";

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        Assert.Contains("config/deep.js: nested too deeply to parse; Node cannot load it, and it is not checked.", report.Notes);
    }

    /// <summary>The web-app template with sails-hook-uploads and skipper-s3, as its authors deploy it.</summary>
    private static Dictionary<string, string> UploadsApp(string productionUploads)
    {
        var files = ReadyApp();
        files["package.json"] = AppFolder.PackageJson([.. SailsDependencies, "sails-hook-uploads", "skipper-s3"], """{ "migrate": "x" }""");
        files[ProductionJs] = files[ProductionJs].Replace("http: { trustProxy: true },", "http: { trustProxy: true },\n" + productionUploads);
        files["api/controllers/account/update-avatar.js"] = """
            module.exports = {
              files: ['photo'],
              inputs: { photo: { type: 'ref', required: true } },
              fn: async function ({ photo }) {
                var info = await sails.uploadOne(photo, { maxBytes: 3000000 });
                await User.updateOne({ id: this.req.me.id }).set({ avatarFd: info.fd });
              }
            };
            """;
        return files;
    }

    [Theory]
    [InlineData("uploads: { adapter: require('skipper-s3'), bucket: process.env.S3_BUCKET, key: process.env.S3_KEY, secret: process.env.S3_SECRET },", new string[0])]
    [InlineData("uploads: { adapter },", new string[0])]
    [InlineData("", new[] { "uploads-local-disk" })]
    [InlineData("uploads: { adapter: require('skipper-disk') },", new[] { "uploads-local-disk" })]
    public void Sails_hook_uploads_writes_to_disk_only_without_an_adapter_in_production(string productionUploads, string[] expected)
    {
        var files = UploadsApp(productionUploads);
        files[ProductionJs] = "const adapter = require('skipper-s3');\n" + files[ProductionJs];

        Assert.Equal(expected, Inspect(files).Ids);
    }

    [Fact]
    public void An_uploads_adapter_chosen_at_run_time_is_not_judged()
    {
        var files = UploadsApp("uploads: { adapter: process.env.S3_BUCKET ? require('skipper-s3') : undefined },");

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        Assert.Contains(report.Notes, note => note.StartsWith("uploads.adapter: config/env/production.js:") && note.Contains("a choice made at run time"));
    }

    [Theory]
    [InlineData("req.file('photo').upload({ adapter, bucket: 'b' }, done);", false)]
    [InlineData("req.file('photo').upload({ adapter: require('skipper-disk') }, done);", true)]
    [InlineData("req.file('photo').upload();", true)]
    [InlineData("sails.upload(req.file('photo'), { adapter }, done);", false)]
    [InlineData("await require('fs').promises.writeFile('/tmp/a', data);", true)]
    [InlineData("const path = '/uploads/'; // fs.writeFile(path)", false)]
    public void Skipper_receivers_go_where_their_adapter_sends_them(string code, bool reported)
    {
        var files = ReadyApp();
        files["api/controllers/photo/upload.js"] =
            $"const adapter = require('skipper-s3');\nmodule.exports = async function (req, res) {{\nconst done = () => res.ok();\n{code}\n}};";

        string[] expected = reported ? ["uploads-local-disk"] : [];
        Assert.Equal(expected, Inspect(files).Ids);
    }

    [Fact]
    public void A_one_megabyte_config_file_is_read_in_linear_time()
    {
        // The lexer took 33 s on 96 KB of array lines; its time grew with the square of the size.
        var files = ReadyApp();
        var lines = new System.Text.StringBuilder("module.exports.custom = {\n  allowed: [\n");
        for (var i = 0; lines.Length < 1024 * 1024; i++)
        {
            lines.Append($"    'https://host-{i}.shop.test/path/{i}', // a comment with a 'quote' and a /regex/\n");
        }

        files["config/custom.js"] = lines.Append("  ],\n  trimmed: /\\/*$/,\n};\n").ToString();
        using var app = new AppFolder(files);
        var folder = SailsAppFolder.Read(app.Path);
        ReadinessReport.Inspect(folder);

        var clock = Stopwatch.StartNew();
        var report = ReadinessReport.Inspect(folder);
        clock.Stop();

        output.WriteLine($"{files["config/custom.js"].Length:N0} characters, {files["config/custom.js"].Count(c => c == '\n'):N0} lines: report in {clock.ElapsedMilliseconds} ms");
        Assert.Empty(report.Findings);
        // A bound for a busy machine that still catches quadratic time (hours at this size).
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
