using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Simulator.TrafficGenerator.Report;

/// <summary>
/// Listens to the generator's own instruments, so the report is made of exactly the measurements
/// the dashboard receives: every request with its latency, status and replica, and the socket counts.
/// </summary>
public sealed class LoadRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<RequestSample> _requests = new();
    private long _messagesSent;
    private long _messagesDelivered;
    private long _deliveriesExpected;
    private long _socketsOpen;
    private TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoadRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TrafficMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.Start();
    }

    public IReadOnlyCollection<RequestSample> Requests => _requests;

    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    public long MessagesDelivered => Interlocked.Read(ref _messagesDelivered);

    public long SocketsOpen => Interlocked.Read(ref _socketsOpen);

    /// <summary>Every message sent should reach every socket open at that moment: what delivery should add up to.</summary>
    public long DeliveriesExpected => Interlocked.Read(ref _deliveriesExpected);

    /// <summary>Restarts the clock, so that request times count from the start of the load.</summary>
    public void StartClock() => _clock.Restart();

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Waits, within a limit, until the sockets received every message sent.</summary>
    public async Task WaitForDeliveriesAsync(TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var delivered = _delivered.Task;
            if (MessagesDelivered >= DeliveriesExpected || deadline.Elapsed >= limit)
            {
                return;
            }

            try
            {
                await delivered.WaitAsync(limit - deadline.Elapsed);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name != TrafficMetrics.RequestDuration)
        {
            return;
        }

        string status = "", replica = "";
        foreach (var (key, tag) in tags)
        {
            if (key == TrafficMetrics.StatusTag)
            {
                status = tag as string ?? "";
            }
            else if (key == TrafficMetrics.ReplicaTag)
            {
                replica = tag as string ?? "";
            }
        }

        _requests.Enqueue(new RequestSample(_clock.Elapsed, value, status, replica));
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case TrafficMetrics.SocketMessagesSent:
                Interlocked.Add(ref _messagesSent, value);
                Interlocked.Add(ref _deliveriesExpected, value * SocketsOpen);
                break;
            case TrafficMetrics.SocketMessagesDelivered:
                Interlocked.Add(ref _messagesDelivered, value);
                Interlocked.Exchange(ref _delivered, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                break;
            case TrafficMetrics.SocketsOpen:
                Interlocked.Add(ref _socketsOpen, value);
                break;
        }
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>One request: when it ended (from the start of the load), how long it took, how it ended, who served it.</summary>
public sealed record RequestSample(TimeSpan At, double Milliseconds, string Status, string Replica);
