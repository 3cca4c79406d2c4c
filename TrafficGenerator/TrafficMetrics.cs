using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Simulator.TrafficGenerator;

/// <summary>
/// The generator's OpenTelemetry instruments. The dashboard shows them (ServiceDefaults exports
/// the meter named after the app), and the load report reads the same measurements.
/// </summary>
public sealed class TrafficMetrics : IDisposable
{
    /// <summary>The application's name, which ServiceDefaults registers as a meter to export.</summary>
    public const string MeterName = "TrafficGenerator";

    public const string RequestDuration = "traffic.request.duration";
    public const string SocketMessagesSent = "traffic.socket.messages.sent";
    public const string SocketMessagesDelivered = "traffic.socket.messages.delivered";
    public const string SocketsOpen = "traffic.sockets.open";

    public const string ActionTag = "traffic.action";
    public const string StatusTag = "http.response.status_code";
    public const string ReplicaTag = "sails.replica";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _resent;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesDelivered;
    private readonly UpDownCounter<long> _socketsOpen;

    public TrafficMetrics()
    {
        _requests = _meter.CreateCounter<long>("traffic.requests", "{request}", "Requests sent through the proxy, by replica that served them");
        _duration = _meter.CreateHistogram<double>(RequestDuration, "ms", "Time from sending a request to its whole answer",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] });
        _errors = _meter.CreateCounter<long>("traffic.errors", "{request}", "Requests answered 4xx/5xx or not answered, by status");
        _resent = _meter.CreateCounter<long>("traffic.requests.resent", "{request}",
            "Requests sent again because the proxy ended their connection (HTTP/2 GOAWAY) before .NET wrote them");
        _messagesSent = _meter.CreateCounter<long>(SocketMessagesSent, "{message}", "Messages created that every open socket should receive");
        _messagesDelivered = _meter.CreateCounter<long>(SocketMessagesDelivered, "{message}", "Messages received by the generator's sockets");
        _socketsOpen = _meter.CreateUpDownCounter<long>(SocketsOpen, "{socket}", "Sockets open and subscribed to new messages");
    }

    /// <summary>One request and how it ended: an HTTP status, or a reason it got none.</summary>
    public void Request(UserAction action, string status, string replica, TimeSpan elapsed)
    {
        var tags = new TagList { { ActionTag, action.ToString() }, { StatusTag, status }, { ReplicaTag, replica } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
        if (IsError(status))
        {
            _errors.Add(1, new TagList { { ActionTag, action.ToString() }, { StatusTag, status } });
        }
    }

    public void Resent() => _resent.Add(1);

    public void MessageSent() => _messagesSent.Add(1);

    public void MessageDelivered(string replica) => _messagesDelivered.Add(1, new KeyValuePair<string, object?>(ReplicaTag, replica));

    public void SocketOpened() => _socketsOpen.Add(1);

    public void SocketClosed() => _socketsOpen.Add(-1);

    /// <summary>Statuses are HTTP codes, or words ("timeout", "connection") for requests that got no answer.</summary>
    public static bool IsError(string status) => !int.TryParse(status, out var code) || code >= 400;

    public void Dispose() => _meter.Dispose();
}
