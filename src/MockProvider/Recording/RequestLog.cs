using System.Globalization;

namespace Switchyard.MockProvider.Recording;

/// <summary>
/// The last requests the mock received (a bounded ring, newest last) and running counters, so tests can check what
/// a gateway forwarded and whether it cancelled. Waiters are woken on every change, so tests never need to sleep.
/// </summary>
public sealed class RequestLog
{
    public const int DefaultCapacity = 1000;
    public const int MaxRecordedBodyBytes = 256 * 1024;

    private readonly Lock _lock = new();
    private readonly Queue<Entry> _entries = new();
    private readonly Dictionary<int, long> _byStatus = [];
    private readonly TimeProvider _time;
    private long _nextId;
    private int _generation;
    private long _total;
    private long _inFlight;
    private long _completed;
    private long _clientAborted;
    private long _serverAborted;
    private long _streams;
    private long _streamsClientAborted;
    private TaskCompletionSource? _changed;

    public RequestLog(int capacity = DefaultCapacity, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many requests are kept; 0 keeps none (counters still run), e.g. for benchmarks.</summary>
    public int Capacity { get; }

    public bool RecordsBodies => Capacity > 0;

    /// <summary>Requests kept, oldest first, optionally filtered.</summary>
    public IReadOnlyList<RecordedRequest> Snapshot(Func<RecordedRequest, bool>? predicate = null)
    {
        lock (_lock)
        {
            return SnapshotLocked(predicate);
        }
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> kept requests match, or the timeout passes; returns the matches
    /// either way (fewer than asked on timeout), so the caller's assertion says what was seen.
    /// </summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForAsync(
        Func<RecordedRequest, bool> predicate,
        int count,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);

        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var matches = SnapshotLocked(predicate);
                if (matches.Count >= count)
                {
                    return matches;
                }

                _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed = _changed.Task;
            }

            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                return Snapshot(predicate);
            }

            try
            {
                await changed.WaitAsync(remaining, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                return Snapshot(predicate);
            }
        }
    }

    public MockStats Stats()
    {
        lock (_lock)
        {
            var byStatus = _byStatus.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value, StringComparer.Ordinal);
            return new MockStats(
                _total, _inFlight, _completed, _clientAborted, _serverAborted, _streams, _streamsClientAborted, byStatus);
        }
    }

    /// <summary>Forgets kept requests and resets the counters (requests in flight finish uncounted).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _byStatus.Clear();
            _generation++;
            _total = _completed = _clientAborted = _serverAborted = _streams = _streamsClientAborted = 0;
            SignalLocked();
        }
    }

    internal Entry Begin(string method, string path, IReadOnlyDictionary<string, string> headers, string? name)
    {
        lock (_lock)
        {
            var entry = new Entry(++_nextId, _generation, _time.GetUtcNow(), _time.GetTimestamp(), method, path, headers, name);
            _total++;
            _inFlight++;
            if (Capacity > 0)
            {
                if (_entries.Count == Capacity)
                {
                    _entries.Dequeue();
                }

                _entries.Enqueue(entry);
            }

            SignalLocked();
            return entry;
        }
    }

    internal void Describe(Entry entry, string body, bool bodyTruncated, string? model, bool stream)
    {
        lock (_lock)
        {
            entry.Body = body;
            entry.BodyTruncated = bodyTruncated;
            entry.Model = model;
            if (stream && !entry.Stream && entry.Generation == _generation)
            {
                _streams++;
            }

            entry.Stream = stream;

            // Waiters match on the body too: one woken by Begin, before the body was read, must look again now.
            SignalLocked();
        }
    }

    /// <summary>Called as the response headers go out, so the status is on record before the client can see it.</summary>
    internal void Started(Entry entry, int status)
    {
        lock (_lock)
        {
            // Kestrel also "starts" the response of an exchange the dispatcher already closed (e.g. after the client
            // left); no headers reach anyone then, so keep the record as it was closed.
            if (entry.Outcome == RequestOutcome.InProgress)
            {
                entry.Status = status;
                SignalLocked();
            }
        }
    }

    internal void Complete(Entry entry, int? status, RequestOutcome outcome)
    {
        lock (_lock)
        {
            entry.Status = status;
            entry.Outcome = outcome;
            entry.DurationMs = _time.GetElapsedTime(entry.StartTimestamp).TotalMilliseconds;
            _inFlight--;

            if (entry.Generation == _generation)
            {
                CountLocked(entry, status, outcome);
            }

            SignalLocked();
        }
    }

    private void CountLocked(Entry entry, int? status, RequestOutcome outcome)
    {
        switch (outcome)
        {
            case RequestOutcome.Completed:
                _completed++;
                break;
            case RequestOutcome.ClientAborted:
                _clientAborted++;
                _streamsClientAborted += entry.Stream ? 1 : 0;
                break;
            case RequestOutcome.ServerAborted:
                _serverAborted++;
                break;
            case RequestOutcome.InProgress:
                break;
        }

        if (status is { } code)
        {
            _byStatus[code] = _byStatus.GetValueOrDefault(code) + 1;
        }
    }

    private List<RecordedRequest> SnapshotLocked(Func<RecordedRequest, bool>? predicate)
    {
        var result = new List<RecordedRequest>(_entries.Count);
        foreach (var entry in _entries)
        {
            var snapshot = entry.ToRecord();
            if (predicate is null || predicate(snapshot))
            {
                result.Add(snapshot);
            }
        }

        return result;
    }

    private void SignalLocked()
    {
        // Only allocate a signal when someone waits: the benchmark path should not pay for tests' convenience.
        if (_changed is { } changed)
        {
            _changed = null;
            changed.TrySetResult();
        }
    }

    /// <summary>The mutable record of one request; every change goes through the log's lock.</summary>
    internal sealed class Entry(
        long id,
        int generation,
        DateTimeOffset startedAt,
        long startTimestamp,
        string method,
        string path,
        IReadOnlyDictionary<string, string> headers,
        string? name)
    {
        public long Id { get; } = id;
        public int Generation { get; } = generation;
        public long StartTimestamp { get; } = startTimestamp;
        public string Body { get; set; } = string.Empty;
        public bool BodyTruncated { get; set; }
        public string? Model { get; set; }
        public bool Stream { get; set; }
        public int? Status { get; set; }
        public RequestOutcome Outcome { get; set; } = RequestOutcome.InProgress;
        public double? DurationMs { get; set; }

        public RecordedRequest ToRecord() => new(
            Id, startedAt, method, path, name, headers, Body, BodyTruncated, Model, Stream, Status, Outcome, DurationMs);
    }
}
