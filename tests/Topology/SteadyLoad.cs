using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Simulator.SampleAppClient;

namespace Simulator.Tests.Topology;

/// <summary>
/// Signed-in users sending requests of every kind through the proxy, one after another each, until
/// stopped: GET the messages, POST a message (with the session's CSRF token), upload a file. Any
/// answer other than the expected status, or no answer, is a failure; a lost session is one too.
/// They speak HTTP/2, as browsers do with the proxy.
/// </summary>
public sealed class SteadyLoad
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, string> _versionByReplica = new();
    private readonly List<Task> _users = [];
    private int _requests;
    private int _resent;

    private SteadyLoad() { }

    public int Requests => _requests;

    /// <summary>Requests sent again, once the users stopped: the proxy ended their connection before .NET wrote them.</summary>
    public int Resent => _resent;

    /// <summary>The version each replica answered with last (X-App-Version).</summary>
    public IReadOnlyDictionary<string, string> LastVersionByReplica => _versionByReplica;

    public static async Task<SteadyLoad> StartAsync(Uri origin, ProductCertificateAuthority authority, int users = 2)
    {
        var load = new SteadyLoad();
        for (var i = 0; i < users; i++)
        {
            var user = await SailsUser.SignedUpAndLoggedInAsync(origin, authority);
            load._users.Add(Task.Run(() => load.RunAsync(user)));
        }

        return load;
    }

    /// <summary>Stops every user after its current request; the requests sent and the failures seen.</summary>
    public async Task<(int Requests, IReadOnlyList<string> Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_users);
        return (_requests, _failures.ToList());
    }

    private async Task RunAsync(SailsUser user)
    {
        using (user)
        {
            for (var round = 0; !_stop.IsCancellationRequested; round++)
            {
                await SendAsync("GET /api/messages", HttpStatusCode.OK, () => user.GetAsync(SampleAppApi.MessagesPath));
                await SendAsync("POST /api/messages", HttpStatusCode.Created, () => user.Session.PostJsonAsync(SampleAppApi.MessagesPath, new { text = $"load {round}" }));
                if (round % 3 == 0)
                {
                    await SendAsync("POST /api/uploads", HttpStatusCode.Created, () => user.Session.UploadAsync(RandomNumberGenerator.GetBytes(16 * 1024), "load.bin", "application/octet-stream"));
                }
            }

            Interlocked.Add(ref _resent, user.Resent);
        }
    }

    private async Task SendAsync(string request, HttpStatusCode expected, Func<Task<HttpResponseMessage>> send)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            using var response = await send();
            if (SampleAppApi.ServedBy(response) is { } replica && SampleAppApi.AppVersion(response) is { } version)
            {
                _versionByReplica[replica] = version;
            }

            if (response.StatusCode != expected)
            {
                _failures.Enqueue($"{request} answered {(int)response.StatusCode} from {SailsUser.ServedBy(response)} at {DateTime.UtcNow:HH:mm:ss.fff}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _failures.Enqueue($"{request} failed at {DateTime.UtcNow:HH:mm:ss.fff}: {e.Message}");
        }
    }
}
