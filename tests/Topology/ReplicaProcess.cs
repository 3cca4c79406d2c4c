using System.Net.Http.Json;
using System.Text.Json;

namespace Simulator.Tests.Topology;

/// <summary>The Node process behind a replica's own endpoint, as its /healthz names it.</summary>
public static class ReplicaProcess
{
    public static async Task<int> PidAsync(HttpClient replica)
    {
        var health = await replica.GetFromJsonAsync<JsonElement>("/healthz");
        return health.GetProperty("pid").GetInt32();
    }
}
