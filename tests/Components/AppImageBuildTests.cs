using System.Text.RegularExpressions;
using Simulator.AppHost;
using Simulator.Tests.BringYourOwnApp;

namespace Simulator.Tests.Components;

/// <summary>What the simulator prepares for an app's image, built by the engine with BuildKit as the simulator builds it.</summary>
[Trait(Tier.Trait, Tier.Components)]
public sealed partial class AppImageBuildTests : IDisposable
{
    private readonly string _generatedRoot = Directory.CreateTempSubdirectory("sails-simulator-images-").FullName;

    [Fact]
    public async Task An_own_image_without_npm_fails_to_build_with_one_line_saying_what_could_not_be_added()
    {
        using var app = new AppFolder(new()
        {
            ["package.json"] = AppFolder.PackageJson(["sails"]),
            // A slim runtime image as some apps ship: npm removed after the install.
            ["Dockerfile"] = "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nWORKDIR /app\nCOPY package.json ./\nRUN rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx\nCMD [\"node\", \"app.js\"]\n",
        });
        var image = SailsAppImage.For(SailsAppFolder.Read(app.Path), _generatedRoot);

        var (exitCode, output) = await DockerBuildAsync(image, TestImages.Node);

        Assert.NotEqual(0, exitCode);
        // What the layer printed, as BuildKit shows a step's output ("#9 0.330 …"); its error summary repeats it.
        Assert.Single(output.Split('\n'), line => StepOutput().IsMatch(line) && line.Contains(AdapterLayer.NoNpmLine));
        Assert.Contains($"{AdapterLayer.NoNpmLine} (sails-postgresql@^5.0.1 @sailshq/connect-redis@^6.1.3 @sailshq/socket.io-redis@^6.1.2): declare them in its package.json.", output);
    }

    [Fact]
    public async Task Secrets_and_local_config_in_the_app_folder_never_reach_the_build_of_a_generated_image()
    {
        using var app = new AppFolder(new()
        {
            ["package.json"] = AppFolder.PackageJson(["sails"]),
            ["app.js"] = "",
            [".env"] = "SECRET=1",
            [".env.production"] = "SECRET=2",
            [".npmrc"] = "//registry.example.test/:_authToken=secret",
            ["tls/server.pem"] = "pem",
            ["tls/server.key"] = "key",
            ["config/local.js"] = "module.exports = {};",
            ["config/env/production.js"] = "module.exports = {};",
        });
        var image = SailsAppImage.For(SailsAppFolder.Read(app.Path), _generatedRoot);
        // The generated image's ignore file, with a Dockerfile that only lists what the build was sent.
        var listing = Path.Combine(_generatedRoot, "listing", "Dockerfile");
        Directory.CreateDirectory(Path.GetDirectoryName(listing)!);
        File.WriteAllText(listing, "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /context\nRUN find /context -type f | sort\n");
        File.Copy(image.DockerfilePath + ".dockerignore", listing + ".dockerignore");

        var (exitCode, output) = await DockerBuildAsync(image with { DockerfilePath = listing }, TestImages.Node);

        Assert.True(exitCode == 0, output);
        var sent = output.Split('\n').Where(line => StepOutput().IsMatch(line)).Select(line => StepOutput().Replace(line, "").Trim())
            .Where(line => line.StartsWith("/context/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/context/app.js", "/context/config/env/production.js", "/context/package.json"], sent);
    }

    [Fact]
    public async Task The_apps_npmrc_reaches_npm_only_as_a_build_secret_and_no_layer_keeps_it()
    {
        using var app = new AppFolder(new()
        {
            ["package.json"] = AppFolder.PackageJson(["sails"]),
            ["app.js"] = "",
            [".npmrc"] = "registry=https://registry.example.test/\n//registry.example.test/:_authToken=token-for-the-build\n",
        });
        var image = SailsAppImage.For(SailsAppFolder.Read(app.Path), _generatedRoot);
        // npm's view of its config in the generated Dockerfile's npm step (its mount), then the layers' view.
        var probe = Path.Combine(_generatedRoot, "probe", "Dockerfile");
        Directory.CreateDirectory(Path.GetDirectoryName(probe)!);
        File.WriteAllText(probe, $$"""
            ARG BASE_IMAGE
            FROM ${BASE_IMAGE}
            WORKDIR /app
            COPY package.json ./
            RUN {{GeneratedDockerfile.NpmConfigMount}} echo "npm registry: $(npm config get registry)"
            RUN if [ -e /app/.npmrc ]; then echo "a layer keeps .npmrc"; else echo "no layer keeps .npmrc"; fi
            """);
        File.Copy(image.DockerfilePath + ".dockerignore", probe + ".dockerignore");

        var (exitCode, output) = await DockerBuildAsync(image with { DockerfilePath = probe }, TestImages.Node);

        Assert.True(exitCode == 0, output);
        var printed = output.Split('\n').Where(line => StepOutput().IsMatch(line)).Select(line => StepOutput().Replace(line, "").Trim()).ToList();
        Assert.Contains("npm registry: https://registry.example.test/", printed);
        Assert.Contains("no layer keeps .npmrc", printed);
    }

    /// <summary>`docker build` of the image as the simulator runs it (its arguments), untagged and uncached; its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> DockerBuildAsync(SailsAppImage image, string baseImage)
    {
        var arguments = image.BuildArguments(baseImage, []).ToList();
        arguments.Insert(1, "--no-cache");
        var (exitCode, output, error) = await DockerCommand.TryRunAsync([.. arguments]);
        return (exitCode, output + error);
    }

    [GeneratedRegex(@"^#\d+ \d+\.\d+ ")]
    private static partial Regex StepOutput();

    public void Dispose() => Directory.Delete(_generatedRoot, recursive: true);
}
