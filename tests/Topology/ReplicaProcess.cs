using System.Net.Http.Json;
using System.Text.Json;

namespace Simulator.Tests.Topology;

/// <summary>The app process of a replica, as its own endpoint's /healthz reports it.</summary>
public static class ReplicaProcess
{
    public static async Task<int> PidAsync(HttpClient replica) =>
        await TryPidAsync(replica) ?? throw new InvalidOperationException($"{replica.BaseAddress}healthz did not answer with a pid");

    /// <summary>The pid /healthz reports, or null while the process is down.</summary>
    public static async Task<int?> TryPidAsync(HttpClient replica)
    {
        try
        {
            using var response = await replica.GetAsync("/healthz");
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pid").GetInt32() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
