using Simulator.AppHost;
using Simulator.AppHost.Readiness;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>The readiness rules on small app folders: what each finds, and what it must not.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class ReadinessRulesTests
{
    internal static readonly string[] SailsDependencies = ["sails", "sails-hook-orm", "sails-hook-sockets"];

    /// <summary>A production-ready app; each test changes one thing.</summary>
    internal static Dictionary<string, string> ReadyApp() => new()
    {
        ["package.json"] = AppFolder.PackageJson(SailsDependencies, """{ "migrate": "node-pg-migrate up" }"""),
        ["api/models/User.js"] = "module.exports = { attributes: { email: { type: 'string' } } };",
        ["config/models.js"] = "module.exports.models = { migrate: 'alter' };",
        ["config/env/production.js"] = """
            module.exports = {
              datastores: { default: { adapter: 'sails-postgresql' } },
              models: { migrate: 'safe' },
              session: { adapter: '@sailshq/connect-redis', cookie: { secure: true } },
              sockets: { adapter: '@sailshq/socket.io-redis', onlyAllowOrigins: ['https://shop.test'] },
              http: { trustProxy: true },
            };
            """,
    };

    internal static ReadinessReport Inspect(Dictionary<string, string> files)
    {
        using var app = new AppFolder(files);
        return Inspect(app);
    }

    /// <summary>The report on an app folder; every finding it gives is one its rules declare.</summary>
    internal static ReadinessReport Inspect(AppFolder app)
    {
        var report = ReadinessReport.Inspect(SailsAppFolder.Read(app.Path));
        Assert.All(report.Ids, id => Assert.Contains(id, ReadinessRules.All.SelectMany(rule => rule.Ids)));
        return report;
    }

    [Fact]
    public void A_production_ready_app_has_no_findings()
    {
        var report = Inspect(ReadyApp());

        Assert.Empty(report.Findings);
        Assert.Equal("no findings", report.Summary);
    }

    [Fact]
    public void An_app_without_production_config_lacks_shared_sessions_sockets_database_origins_proxy_trust_and_a_secure_cookie()
    {
        var files = ReadyApp();
        files.Remove("config/env/production.js");

        Assert.Equal(
            ["datastore-sails-disk", "session-cookie-not-secure", "session-memory-store", "sockets-memory-adapter", "sockets-origins-missing", "trust-proxy-missing"],
            Inspect(files).Ids.Order());
    }

    [Fact]
    public void Commented_out_settings_do_not_count()
    {
        var files = ReadyApp();
        files["config/env/production.js"] = files["config/env/production.js"]
            .Replace("session: { adapter: '@sailshq/connect-redis',", "session: { // adapter: '@sailshq/connect-redis',\n")
            .Replace("http: { trustProxy: true }", "http: { /* trustProxy: true */ }");

        Assert.Equal(["session-memory-store", "trust-proxy-missing"], Inspect(files).Ids.Order());
    }

    [Fact]
    public void A_setting_in_a_general_config_file_counts_when_production_does_not_override_it()
    {
        var files = ReadyApp();
        files["config/env/production.js"] = files["config/env/production.js"].Replace("adapter: '@sailshq/connect-redis', ", "");
        files["config/session.js"] = "module.exports.session = { adapter: '@sailshq/connect-redis', secret: 'x' };";

        Assert.Empty(Inspect(files).Findings);
    }

    [Fact]
    public void A_setting_computed_at_run_time_is_not_judged_and_the_report_says_so()
    {
        var files = ReadyApp();
        files["config/env/production.js"] = files["config/env/production.js"]
            .Replace("adapter: '@sailshq/connect-redis'", "adapter: process.env.SESSION_ADAPTER");

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        Assert.Contains(report.Notes, note => note.Contains("session.adapter") && note.Contains("not checked"));
    }

    [Fact]
    public void A_spread_may_hold_a_setting_so_what_it_could_hold_is_not_judged()
    {
        var files = ReadyApp();
        files["config/env/production.js"] = "module.exports = { ...require('./shared'), models: { migrate: 'safe' } };";

        var report = Inspect(files);

        Assert.Empty(report.Findings);
        Assert.Contains(report.Notes, note => note.StartsWith("session.adapter: config/env/production.js") && note.Contains("not checked"));
    }

    [Fact]
    public void The_templates_example_com_socket_origins_are_reported_as_placeholders()
    {
        var files = ReadyApp();
        files["config/env/production.js"] = files["config/env/production.js"]
            .Replace("['https://shop.test']", "['https://example.com', 'https://staging.example.com']");

        Assert.Equal(["sockets-origins-placeholder"], Inspect(files).Ids);
    }

    [Theory]
    [InlineData("cookie: { secure: true }", "cookie: { maxAge: 86400000 }", "session-cookie-not-secure", ReadinessSeverity.Warning)]
    [InlineData("cookie: { secure: true }", "cookie: { secure: false }", "session-cookie-not-secure", ReadinessSeverity.Warning)]
    [InlineData("cookie: { secure: true }", "name: '__Host-sails.sid', cookie: { }", "session-cookie-not-secure", ReadinessSeverity.Error)]
    [InlineData("cookie: { secure: true }", "name: '__Host-sails.sid', cookie: { secure: true }", null, null)]
    public void A_production_session_cookie_that_is_not_Secure_is_reported(string ready, string changed, string? id, ReadinessSeverity? severity)
    {
        var files = ReadyApp();
        files["config/env/production.js"] = files["config/env/production.js"].Replace(ready, changed);

        var findings = Inspect(files).Findings.Select(f => (f.Id, (ReadinessSeverity?)f.Severity));

        Assert.Equal(id is null ? [] : [(id, severity)], findings);
    }

    [Fact]
    public void Migrate_alter_counts_in_production_config_only()
    {
        var files = ReadyApp();
        files["config/env/production.js"] = files["config/env/production.js"].Replace("migrate: 'safe'", "migrate: 'alter'");

        Assert.Equal(["models-migrate-not-safe"], Inspect(files).Ids);
    }

    [Fact]
    public void An_app_with_models_and_no_migrate_script_has_no_migrations()
    {
        var files = ReadyApp();
        files["package.json"] = AppFolder.PackageJson(SailsDependencies);

        var finding = Assert.Single(Inspect(files).Findings);
        Assert.Equal(("migrations-missing", "package.json"), (finding.Id, finding.File));
        Assert.Contains("--Simulator:App:Migrate=alter", finding.Fix);
    }

    [Theory]
    [InlineData("dependencies", "Grunt runs in every replica's lift")]
    [InlineData("devDependencies", "a production install never builds assets/")]
    public void Grunt_tasks_without_the_grunt_hook_disabled_are_reported(string section, string problem)
    {
        var files = ReadyApp();
        files["tasks/register/prod.js"] = "module.exports = function (grunt) {};";
        files["package.json"] = section == "dependencies"
            ? AppFolder.PackageJson([.. SailsDependencies, "sails-hook-grunt"], """{ "migrate": "x" }""")
            : AppFolder.PackageJson(SailsDependencies, """{ "migrate": "x" }""", devDependencies: ["sails-hook-grunt"]);

        var finding = Assert.Single(Inspect(files).Findings);
        Assert.Equal("grunt-in-production", finding.Id);
        Assert.Contains(problem, finding.Problem);

        files[".sailsrc"] = """{ "hooks": { "grunt": false } }""";
        Assert.Empty(Inspect(files).Findings);
    }

    [Theory]
    [InlineData("await User.create({ email: 'admin@example.com' });", true)]
    [InlineData("if (process.env.NODE_ENV === 'production') { return; }\nawait User.destroy({});", false)]
    [InlineData("if (await User.count() > 0) { return; }\nawait User.createEach([{ email: 'a@b.c' }]);", false)]
    [InlineData("// await User.create({});\nsails.log('nothing to seed');", false)]
    public void Bootstrap_writes_need_a_guard(string body, bool reported)
    {
        var files = ReadyApp();
        files["config/bootstrap.js"] = $"module.exports.bootstrap = async function () {{\n{body}\n}};";

        string[] expected = reported ? ["bootstrap-unguarded-writes"] : [];
        Assert.Equal(expected, Inspect(files).Ids);
    }

    [Theory]
    [InlineData("req.file('avatar').upload({ maxBytes: 1000000 }, (err, files) => res.ok(files));", true)]
    [InlineData("req.file('avatar').upload(function (err, files) { return res.ok(files); });", true)]
    [InlineData("await fs.promises.writeFile('/tmp/a', data);", true)]
    [InlineData("req.file('avatar').upload({ adapter: require('skipper-s3'), bucket: 'b' }, done);", false)]
    [InlineData("req.file('avatar').upload(s3Receiver, done);", false)]
    public void Files_written_to_the_replicas_own_disk_are_reported(string code, bool reported)
    {
        var files = ReadyApp();
        files["api/controllers/avatar/upload.js"] = $"const fs = require('fs');\nmodule.exports = async function (req, res) {{\n{code}\n}};";

        var report = Inspect(files);

        string[] expected = reported ? ["uploads-local-disk"] : [];
        Assert.Equal(expected, report.Ids);
        Assert.All(report.Findings, f => Assert.Equal("api/controllers/avatar/upload.js", f.File));
    }

    [Fact]
    public void Findings_the_simulator_covers_at_run_time_still_appear_and_say_so_in_the_table()
    {
        var files = ReadyApp();
        files.Remove("config/env/production.js");

        var table = ReadinessTable.Render(Inspect(files));

        Assert.StartsWith("Production readiness of ", table[0]);
        Assert.EndsWith("6 findings (3 errors, 3 warnings)", table[0]);
        Assert.Contains(table, line => line.Contains("| session-memory-store") && line.Contains("The simulator supplies this at run time."));
        Assert.Contains(table, line => line.StartsWith("Checked, as text (nothing found means not detected)"));
    }

    /// <summary>The rules are one list: README's table of findings is rendered from it, row for row.</summary>
    [Fact]
    public void The_readme_table_of_findings_is_the_rule_list()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = Array.IndexOf(readme, "| id | what it means |");
        Assert.True(start >= 0, "README.md has no table of findings (| id | what it means |)");

        var table = readme.Skip(start).TakeWhile(line => line.StartsWith('|')).ToList();

        Assert.Equal(ReadinessRules.MarkdownTable(), table);
        Assert.Equal(ReadinessRules.All.Select(rule => rule.Checks), ReadinessRules.Checked.Split(", "));
    }
}
