using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Simulator.AppHost;

/// <summary>
/// A replica is healthy when GET on its health path answers 2xx or 3xx, redirects not followed:
/// a lifted Sails app answers, whatever its routes and its idea of its own host name.
/// </summary>
public static class ReplicaHealthCheck
{
    public const string ReadinessPath = "/readyz";

    /// <summary>sails-hook-sockets' route: every Sails app with sockets answers it once lifted.</summary>
    public const string SocketsCookiePath = "/__getcookie";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private static readonly Uri Replica = new("http://replica/");

    /// <summary>
    /// Whether the path, resolved the way the check resolves it, stays on the replica: '//host/x'
    /// is a network-path reference and would send the check to another host.
    /// </summary>
    public static bool IsPathOnTheReplica(string path) =>
        path.StartsWith('/') && Uri.TryCreate(Replica, path, out var target) && target.Authority == Replica.Authority;

    /// <summary>The configured path; unset, /readyz when the app declares it, else /__getcookie.</summary>
    public static string PathFor(AppOptions options, SailsAppFolder app) =>
        options.HealthPath is { Length: > 0 } path ? path
        : app.DeclaresRoute(ReadinessPath) ? ReadinessPath
        : SocketsCookiePath;

    public static IResourceBuilder<ContainerResource> WithReplicaHealthCheck(
        this IResourceBuilder<ContainerResource> replica, string endpointName, string path)
    {
        var endpoint = replica.GetEndpoint(endpointName);
        var key = $"{replica.Resource.Name}-answers-{path}";
        replica.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new AnswersCheck(endpoint, path), failureStatus: null, tags: null));
        return replica.WithHealthCheck(key);
    }

    private sealed class AnswersCheck(EndpointReference endpoint, string path) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri(new Uri(endpoint.Url), path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                var status = (int)response.StatusCode;
                return status is >= 200 and < 400
                    ? HealthCheckResult.Healthy($"GET {path} answered {status}")
                    : HealthCheckResult.Unhealthy($"GET {path} answered {status}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"GET {path}: {e.Message}");
            }
        }
    }
}
