using Simulator.AppHost.Publish;

namespace Simulator.Tests.Publish;

[Trait(Tier.Trait, Tier.Fast)]
public sealed class PublishCommandTests
{
    [Fact]
    public async Task A_folder_that_exists_and_is_not_publish_output_is_refused_with_one_line_and_left_as_it_was()
    {
        var root = Directory.CreateTempSubdirectory("sails-publish-");
        var folder = Directory.CreateDirectory(Path.Combine(root.FullName, "published"));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "notes.txt"), "mine");

        using var run = await PublishRun.StartAsync([], root);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Output);
        Assert.Equal($"publish: {folder.FullName} exists and is not a folder publish wrote (no {PublishFolder.Marker} in it); give --out a new or empty folder.", line);
        Assert.Equal(["notes.txt"], folder.EnumerateFileSystemInfos().Select(f => f.Name));
    }

    [Fact]
    public async Task Publishing_again_into_its_own_output_rewrites_it_and_keeps_the_secrets()
    {
        using var first = await PublishRun.StartAsync([]);
        Assert.Equal(0, first.ExitCode);
        var secrets = PublishSecrets.Values(first.Folder).ToList();

        using var second = await PublishRun.StartAsync(["--Simulator:Replicas=5"], first.Root);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(secrets, PublishSecrets.Values(second.Folder));
        Assert.Contains("replicas: 5", second.Read(SwarmStack.FileName));
    }

    [Fact]
    public async Task An_environment_value_that_refers_to_the_topology_is_refused_with_one_line_and_nothing_is_written()
    {
        using var run = await PublishRun.StartAsync(["--Simulator:App:Environment:DATABASE_URL={database.url}"]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Output);
        Assert.StartsWith("publish: Simulator:App:Environment:DATABASE_URL refers to the topology", line);
        Assert.False(Directory.Exists(run.Folder));
    }
}
