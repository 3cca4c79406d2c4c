using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Simulator.Tests.AppModel;

/// <summary>The AppHost's resources as its Program.cs declares them: built, never started, no engine needed.</summary>
public sealed class AppModel : IAsyncDisposable
{
    private readonly IDistributedApplicationTestingBuilder _builder;

    private AppModel(IDistributedApplicationTestingBuilder builder, int proxyPort, int proxyHttpsPort) =>
        (_builder, ProxyPort, ProxyHttpsPort) = (builder, proxyPort, proxyHttpsPort);

    public int ProxyPort { get; }

    public int ProxyHttpsPort { get; }

    public static async Task<AppModel> BuildAsync(params string[] settings)
    {
        var (port, httpsPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        using var timeout = new CancellationTokenSource(Bounded.HangLimit);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. settings, $"--Simulator:Proxy:Port={port}", $"--Simulator:Proxy:HttpsPort={httpsPort}"], timeout.Token);
        return new AppModel(builder, port, httpsPort);
    }

    public IResource this[string name] => _builder.Resources.Single(r => r.Name == name);

    public IEnumerable<string> Names => _builder.Resources.Select(r => r.Name);

    /// <summary>A setting as the AppHost leaves it once Program.cs has run (Aspire reads its own then).</summary>
    public string? Setting(string key) => _builder.Configuration[key];

    /// <summary>The resources this one waits for, as "name:how" (WaitUntilHealthy, WaitForCompletion).</summary>
    public IEnumerable<string> WaitsOf(string name) =>
        this[name].Annotations.OfType<WaitAnnotation>().Select(w => $"{w.Resource.Name}:{w.WaitType}").Order();

    /// <summary>The environment as the manifest would show it: references and parameters as {expressions}, never values.</summary>
    public async Task<Dictionary<string, string>> EnvironmentOfAsync(string name) =>
        await ((IResourceWithEnvironment)this[name]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);

    public async Task<string[]> ArgsOfAsync(string name) =>
        await ((IResourceWithArgs)this[name]).GetArgumentValuesAsync(DistributedApplicationOperation.Publish);

    public ValueTask DisposeAsync() => _builder.DisposeAsync();
}
