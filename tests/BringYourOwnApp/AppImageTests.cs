using Simulator.AppHost;
using Simulator.SampleAppClient;

namespace Simulator.Tests.BringYourOwnApp;

/// <summary>How an app without a Dockerfile is built, migrated and probed: decided from its files alone.</summary>
[Trait(Tier.Trait, Tier.Fast)]
public sealed class AppImageTests : IDisposable
{
    private readonly string _generatedRoot = Directory.CreateTempSubdirectory("sails-simulator-images-").FullName;

    [Fact]
    public void An_app_with_its_own_Dockerfile_declaring_the_adapters_is_built_from_it_as_it_is()
    {
        using var app = new AppFolder(new() { ["package.json"] = AppFolder.PackageJson(["sails", .. AdapterLayer.Adapters]), ["Dockerfile"] = "FROM scratch" });

        var image = SailsAppImage.For(SailsAppFolder.Read(app.Path), _generatedRoot);

        Assert.False(image.IsGenerated);
        Assert.Empty(image.AddedPackages);
        Assert.Equal((app.Path, Path.Combine(app.Path, "Dockerfile")), (image.ContextPath, image.DockerfilePath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_generatedRoot));
    }

    [Fact]
    public void An_own_Dockerfile_lacking_adapters_is_followed_by_a_layer_adding_them_outside_the_apps_folder()
    {
        const string own = "ARG BASE_IMAGE=node:24-slim\nFROM ${BASE_IMAGE} AS build\nUSER builder\nFROM ${BASE_IMAGE}\nWORKDIR /srv\nCOPY . .\nUSER node\nCMD [\"node\", \"app.js\"]\n";
        using var app = new AppFolder(new()
        {
            ["package.json"] = AppFolder.PackageJson(["sails", "sails-postgresql"]),
            ["Dockerfile"] = own,
            [".dockerignore"] = "secrets/\n",
        });
        var before = Directory.GetFileSystemEntries(app.Path, "*", SearchOption.AllDirectories).Order().ToList();

        var image = SailsAppImage.For(SailsAppFolder.Read(app.Path), _generatedRoot);

        Assert.False(image.IsGenerated);
        Assert.Equal(["@sailshq/connect-redis@^6.1.3", "@sailshq/socket.io-redis@^6.1.2"], image.AddedPackages);
        Assert.Equal(app.Path, image.ContextPath);
        Assert.StartsWith(_generatedRoot, image.DockerfilePath);
        Assert.Equal(before, Directory.GetFileSystemEntries(app.Path, "*", SearchOption.AllDirectories).Order());
        Assert.Contains("its own Dockerfile and a layer adding @sailshq/connect-redis@^6.1.3, @sailshq/socket.io-redis@^6.1.2", image.Description);

        var dockerfile = File.ReadAllText(image.DockerfilePath);
        Assert.StartsWith(own.TrimEnd(), dockerfile);
        var layer = dockerfile[own.TrimEnd().Length..];
        // Installed as root in the final stage, whose own user then comes back.
        Assert.True(layer.IndexOf("USER root", StringComparison.Ordinal) < layer.IndexOf("npm install --omit=dev --no-save", StringComparison.Ordinal));
        Assert.EndsWith("USER node\n", dockerfile);
        Assert.Contains(AdapterLayer.NoNpmLine, layer);
        Assert.Equal("secrets/\n", File.ReadAllText(image.DockerfilePath + ".dockerignore"));
    }

    [Theory]
    [InlineData("FROM a\nUSER x\nFROM b\n", null)]
    [InlineData("FROM a\nFROM b\nuser 1000:1000\n", "1000:1000")]
    [InlineData("FROM b\nUSER node\nRUN x\nUSER app\n", "app")]
    public void The_layer_restores_the_user_of_the_final_stage(string dockerfile, string? user) =>
        Assert.Equal(user, AdapterLayer.LastUserOfFinalStage(dockerfile));

    [Fact]
    public void An_app_without_a_Dockerfile_gets_one_outside_its_folder_adding_only_the_packages_it_lacks()
    {
        using var app = new AppFolder(new()
        {
            ["package.json"] = AppFolder.PackageJson(["sails", "@sailshq/connect-redis", "@sailshq/socket.io-redis"]),
            ["app.js"] = "require('sails').lift(require('sails/accessible/rc')('sails'));",
            [".dockerignore"] = "coverage\n",
        });
        var before = Directory.GetFileSystemEntries(app.Path, "*", SearchOption.AllDirectories).Order().ToList();

        var image = SailsAppImage.For(SailsAppFolder.Read(app.Path), _generatedRoot);

        Assert.True(image.IsGenerated);
        Assert.Equal(app.Path, image.ContextPath);
        Assert.StartsWith(_generatedRoot, image.DockerfilePath);
        Assert.Equal(before, Directory.GetFileSystemEntries(app.Path, "*", SearchOption.AllDirectories).Order());
        Assert.Equal(["sails-postgresql@^5.0.1", "pm2@^7.0.4"], image.AddedPackages);

        var dockerfile = File.ReadAllText(image.DockerfilePath);
        Assert.Contains("npm install --omit=dev --no-save --no-audit --no-fund sails-postgresql@^5.0.1 pm2@^7.0.4", dockerfile);
        Assert.Contains("if [ -f package-lock.json ]; then npm ci --omit=dev", dockerfile);
        Assert.Contains("""CMD ["node_modules/.bin/pm2-runtime", "app.js"]""", dockerfile);
        // Every npm step reads the app's .npmrc (a private registry's token) as a build secret, never a layer.
        var npmSteps = dockerfile.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("RUN --mount=type=cache,target=/root/.npm", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, npmSteps.Count);
        Assert.All(npmSteps, step => Assert.StartsWith($"RUN --mount=type=cache,target=/root/.npm {GeneratedDockerfile.NpmConfigMount} ", step));

        // BuildKit reads <Dockerfile>.dockerignore instead of the app's: it carries the app's lines, then node_modules.
        var ignore = File.ReadAllLines(image.DockerfilePath + ".dockerignore");
        Assert.True(Array.IndexOf(ignore, "coverage") < Array.IndexOf(ignore, "node_modules"), string.Join('\n', ignore));
        Assert.Contains("config/local.js", ignore);
        Assert.All(["**/.env", "**/.env.*", "**/.npmrc", "**/*.pem", "**/*.key"], secret => Assert.Contains(secret, ignore));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(image.DockerfilePath)!));
    }

    [Fact]
    public void The_default_home_of_generated_Dockerfiles_is_the_users_data_folder_not_the_shared_temporary_one()
    {
        Assert.StartsWith(ProductDataFolder.Root, SailsAppImage.DefaultGeneratedRoot);
        Assert.False(SailsAppImage.DefaultGeneratedRoot.StartsWith(Path.GetTempPath(), StringComparison.Ordinal));
    }

    [Fact]
    public void The_migrate_job_runs_the_apps_script_says_there_is_none_or_alters_on_request()
    {
        using var withScript = new AppFolder(new() { ["package.json"] = AppFolder.PackageJson(["sails"], """{ "migrate": "knex migrate:latest" }""") });
        using var without = new AppFolder(new() { ["package.json"] = AppFolder.PackageJson(["sails"]) });

        var script = MigrationPlan.For(new AppOptions(), SailsAppFolder.Read(withScript.Path));
        var nothing = MigrationPlan.For(new AppOptions(), SailsAppFolder.Read(without.Path));
        var alter = MigrationPlan.For(new AppOptions { Migrate = "alter" }, SailsAppFolder.Read(without.Path));

        Assert.Equal("npm run migrate", $"{script.Entrypoint} {string.Join(' ', script.Args)}");
        Assert.Equal(MigrationMode.Nothing, nothing.Mode);
        Assert.Equal("node", nothing.Entrypoint);
        Assert.Contains("no migrations", nothing.Args[1]);
        Assert.Contains("--Simulator:App:Migrate=alter", nothing.Description);
        Assert.Equal(MigrationMode.Alter, alter.Mode);
        Assert.Contains("migrate: 'safe'", alter.Args[1]);
        Assert.Contains(MigrationPlan.RefusalLine, alter.Args[1]);
    }

    [Theory]
    [InlineData("module.exports.routes = { 'GET /readyz': { action: 'health/readiness' } };", null, "/readyz")]
    [InlineData("module.exports.routes = { 'GET /': 'home' }; // 'GET /readyz': {}", null, "/__getcookie")]
    [InlineData("module.exports.routes = { 'GET /readyz': {} };", "/up", "/up")]
    public void The_health_path_is_the_setting_else_readyz_when_declared_else_getcookie(string routes, string? setting, string expected)
    {
        using var app = new AppFolder(new() { ["package.json"] = AppFolder.PackageJson(["sails"]), ["config/routes.js"] = routes });

        Assert.Equal(expected, ReplicaHealthCheck.PathFor(new AppOptions { HealthPath = setting }, SailsAppFolder.Read(app.Path)));
    }

    public void Dispose() => Directory.Delete(_generatedRoot, recursive: true);
}
