using Simulator.SampleAppClient;

namespace Simulator.TrafficGenerator;

/// <summary>
/// A visitor of the app: signs up and logs in, then browses, posts messages, uploads and
/// downloads files in the configured mix, one request at a time, until stopped.
/// </summary>
public sealed class VirtualUser(int index, TrafficRun run)
{
    private const string Password = "traffic generator password";

    // After a request that got no answer, a short pause keeps a dead proxy from being hammered.
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(250);

    private readonly Random _random = new();
    private readonly List<long> _uploads = [];
    private SailsSession? _session;
    private int _messages;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var answer = _session is null
                    ? await SignUpAsync(stop)
                    : await ActAsync(run.Options.Mix.Pick(_random), stop);
                if (!answer.IsSuccess && !answer.Status.StartsWith('4'))
                {
                    await Task.Delay(PauseAfterFailure, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private Task<SailsSession.Answer> ActAsync(UserAction action, CancellationToken stop) => action switch
    {
        UserAction.Browse => BrowseAsync(stop),
        UserAction.PostMessage => PostMessageAsync(stop),
        UserAction.Upload => UploadAsync(stop),
        UserAction.Download when _uploads.Count > 0 => DownloadAsync(stop),
        UserAction.Download => UploadAsync(stop),
        UserAction.SignUp => SignUpAsync(stop),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>A new session and a new account, logged in.</summary>
    private async Task<SailsSession.Answer> SignUpAsync(CancellationToken stop)
    {
        var session = run.NewSession();
        var email = $"traffic-{run.RunId}-{index}-{Guid.NewGuid():N}@example.test";
        var signedUp = await session.SignUpAsync(email, Password, stop);
        if (!signedUp.IsSuccess)
        {
            return signedUp;
        }

        var loggedIn = await session.LogInAsync(email, Password, stop);
        if (loggedIn.IsSuccess)
        {
            _session = session;
            _uploads.Clear();
        }

        return loggedIn;
    }

    private async Task<SailsSession.Answer> BrowseAsync(CancellationToken stop)
    {
        var page = await _session!.GetAsync(UserAction.Browse, "/", stop);
        return page.IsSuccess ? await _session.GetAsync(UserAction.Browse, SampleAppApi.MessagesPath, stop) : page;
    }

    private async Task<SailsSession.Answer> PostMessageAsync(CancellationToken stop)
    {
        var text = $"{run.MessagePrefix}{index}-{++_messages}";
        var created = await _session!.PostJsonAsync(UserAction.PostMessage, SampleAppApi.MessagesPath, new { text }, stop);
        if (created.IsSuccess)
        {
            run.Metrics.MessageSent();
        }
        else if (created.Status is "401" or "403")
        {
            // The session is gone (e.g. Redis lost it): come back as a new visitor.
            _session = null;
        }

        return created;
    }

    private async Task<SailsSession.Answer> UploadAsync(CancellationToken stop)
    {
        var bytes = new byte[run.Options.UploadBytes];
        _random.NextBytes(bytes);
        var created = await _session!.UploadAsync(bytes, stop);
        if (created.IsSuccess)
        {
            _uploads.Add(created.Json.GetProperty("id").GetInt64());
        }

        return created;
    }

    private Task<SailsSession.Answer> DownloadAsync(CancellationToken stop) =>
        _session!.GetAsync(UserAction.Download, $"{SampleAppApi.UploadsPath}/{_uploads[_random.Next(_uploads.Count)]}", stop);
}
