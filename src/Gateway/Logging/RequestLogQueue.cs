using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Logging;

/// <summary>
/// The hand-off between the request path and <see cref="RequestLogWriter"/>: a bounded in-memory queue.
/// <see cref="TryEnqueue"/> never blocks, never locks and never throws; when the queue is full (PostgreSQL down for long)
/// the entry is dropped and counted in <c>switchyard_request_log_dropped_total{reason="queue_full"}</c>.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue, and the name is part of the gateway's vocabulary.")]
public sealed class RequestLogQueue
{
    private readonly BoundedHandOff<RequestLog> _entries;
    private readonly GatewayMetrics _metrics;
    private readonly Lock _waitersGate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private TaskCompletionSource _flushSignal = NewSignal();
    private int _waiterCount;
    private long _submitted;
    private long _settled;
    private long _written;
    private long _dropped;

    public RequestLogQueue(IOptions<RequestLogOptions> options, GatewayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
        _entries = new BoundedHandOff<RequestLog>(options.Value.Capacity);

        metrics.Meter.CreateObservableGauge(
            "switchyard.request_log.queue_depth", () => Count, "{entry}", "Request log entries waiting to be written.");
    }

    public int Capacity => _entries.Capacity;

    /// <summary>Entries waiting in the queue (not counting the batch the writer holds).</summary>
    public int Count => _entries.Count;

    /// <summary>Entries stored in PostgreSQL since start.</summary>
    public long WrittenCount => Volatile.Read(ref _written);

    /// <summary>Entries lost since start, for any reason (see <see cref="RequestLogDropReasons"/>).</summary>
    public long DroppedCount => Volatile.Read(ref _dropped);

    /// <summary>Completed (and replaced) whenever someone calls <see cref="FlushAsync"/>, so the writer stops lingering.</summary>
    internal Task FlushSignal => Volatile.Read(ref _flushSignal).Task;

    internal bool HasPendingFlush => Volatile.Read(ref _waiterCount) > 0;

    /// <summary>Called on the request path once the entry is complete. Never blocks, never throws.</summary>
    /// <returns>false when the entry was dropped (queue full, or the writer has stopped).</returns>
    public bool TryEnqueue(RequestLog entry)
    {
        // Counted before the write, so a concurrent FlushAsync can never see the entry written but not submitted.
        Interlocked.Increment(ref _submitted);
        var reason = entry is null ? RequestLogDropReasons.Rejected
            : _entries.TryAdd(entry) switch
            {
                HandOffResult.Added => null,
                HandOffResult.Completed => RequestLogDropReasons.Shutdown,
                _ => RequestLogDropReasons.QueueFull,
            };
        if (reason is null)
        {
            return true;
        }

        ReportDropped(reason, 1);
        return false;
    }

    /// <summary>
    /// Completes when every entry handed to <see cref="TryEnqueue"/> before this call is settled: written to PostgreSQL
    /// (committed), or dropped and counted. Asks the writer to stop waiting for a fuller batch. While PostgreSQL is down,
    /// it waits for recovery (or for <paramref name="cancellationToken"/>).
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Volatile.Read(ref _submitted);
        if (Volatile.Read(ref _settled) >= target)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            _waiters.Add((target, done));
            Volatile.Write(ref _waiterCount, _waiters.Count);
        }

        // The writer may have settled everything between the check above and the registration.
        Interlocked.MemoryBarrier();
        CompleteWaiters();
        Interlocked.Exchange(ref _flushSignal, NewSignal()).TrySetResult();
        return done.Task.WaitAsync(cancellationToken);
    }

    internal void ReportWritten(int count)
    {
        Interlocked.Add(ref _written, count);
        _metrics.RequestLogWritten(count);
        Settle(count);
    }

    internal void ReportDropped(string reason, int count)
    {
        Interlocked.Add(ref _dropped, count);
        _metrics.RequestLogDropped(reason, count);
        Settle(count);
    }

    /// <summary>For the writer: the oldest entry, if any.</summary>
    internal bool TryTake(out RequestLog entry) => _entries.TryTake(out entry);

    /// <summary>For the writer: true when an entry can be taken, false once completed and empty.</summary>
    internal ValueTask<bool> WaitToTakeAsync(CancellationToken cancellationToken) => _entries.WaitToTakeAsync(cancellationToken);

    /// <summary>No more entries are accepted (the writer is shutting down); what is queued can still be taken.</summary>
    internal void Complete() => _entries.Complete();

    private void Settle(int count)
    {
        Interlocked.Add(ref _settled, count);
        if (Volatile.Read(ref _waiterCount) > 0)
        {
            CompleteWaiters();
        }
    }

    private void CompleteWaiters()
    {
        lock (_waitersGate)
        {
            var settled = Volatile.Read(ref _settled);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= settled)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }

            Volatile.Write(ref _waiterCount, _waiters.Count);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
