using System.Text.Json.Nodes;
using Simulator.AppHost.Publish;

namespace Simulator.Tests.Publish;

/// <summary>The sample app with three replicas, published once for the fast tests that read the output.</summary>
public sealed class PublishedSampleApp : IAsyncLifetime
{
    public const int Replicas = 3;
    public const string AppImage = "sails-publish-test/app:1";

    private PublishRun _run = null!;

    public PublishRun Run => _run;

    public int HttpsPort { get; } = 18443;

    public int HttpPort { get; } = 18080;

    public JsonNode Stack => YamlDocuments.Single(_run.Read(SwarmStack.FileName));

    public JsonNode Service(string name) => Stack["services"]![name] ?? throw new Xunit.Sdk.XunitException($"the stack has no service '{name}'");

    /// <summary>Every object of kubernetes/*.yaml, with the file it is in.</summary>
    public IEnumerable<(string File, JsonNode Manifest)> Manifests =>
        Directory.EnumerateFiles(Path.Combine(_run.Folder, KubernetesManifests.Folder), "*.yaml").Order()
            .SelectMany(file => YamlDocuments.Parse(File.ReadAllText(file)).OfType<JsonNode>().Select(m => (Path.GetFileName(file), m)));

    public JsonNode Manifest(string kind, string name) =>
        Manifests.Select(m => m.Manifest).SingleOrDefault(m => m["kind"]!.GetValue<string>() == kind && m["metadata"]!["name"]!.GetValue<string>() == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} '{name}' in the manifests");

    public async Task InitializeAsync()
    {
        _run = await PublishRun.StartAsync([$"--Simulator:Replicas={Replicas}", "--app-image", AppImage,
            $"--Simulator:Proxy:HttpsPort={HttpsPort}", $"--Simulator:Proxy:Port={HttpPort}"]);
        Assert.True(_run.ExitCode == 0, $"publish exited {_run.ExitCode}: {string.Join('\n', _run.Output)}");
    }

    public Task DisposeAsync()
    {
        _run?.Dispose();
        return Task.CompletedTask;
    }
}
