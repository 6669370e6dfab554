using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Logging;

/// <summary>
/// Drains <see cref="RequestLogQueue"/> into PostgreSQL in batches (up to <see cref="RequestLogOptions.BatchSize"/> rows,
/// or whatever arrived within <see cref="RequestLogOptions.FlushIntervalMs"/> of the first), one binary COPY per batch.
/// While PostgreSQL is unavailable it keeps the batch and retries with capped exponential backoff; the queue keeps
/// absorbing entries up to its capacity meanwhile. An outage is logged once when it starts and once when it ends.
/// A row PostgreSQL refuses as such (a value too long, bad JSON) is found by bisecting the batch and dropped alone.
/// On shutdown it writes what is left until the host's shutdown timeout.
/// </summary>
public sealed partial class RequestLogWriter(
    RequestLogQueue queue,
    NpgsqlDataSource dataSource,
    IOptions<RequestLogOptions> options,
    GatewayMetrics metrics,
    ILogger<RequestLogWriter> logger) : BackgroundService
{
    private static readonly TimeSpan _firstRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly RequestLogOptions _options = options.Value;
    private CancellationToken _shutdownDeadline;
    private volatile bool _unavailable;
    private long _outageStarted;
    private long _failedAttempts;
    private long _outageFailures;
    private int _ran;

    /// <summary>False from a failed write until the next successful one.</summary>
    public bool IsDatabaseAvailable => !_unavailable;

    /// <summary>Failed write attempts since start (each one retried).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Fires when the host's shutdown timeout runs out: the limit for writing what is left.
        _shutdownDeadline = cancellationToken;
        await base.StopAsync(cancellationToken);

        // ExecuteAsync starts on the thread pool and never runs at all when the host stops first;
        // entries may be queued all the same.
        if (Interlocked.Exchange(ref _ran, 1) == 0)
        {
            await DrainAsync([]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _ran, 1) != 0)
        {
            return;
        }

        var batch = new List<RequestLog>(_options.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await FillAsync(batch, stoppingToken))
                {
                    break;
                }

                await WriteUntilDoneAsync(batch, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                // A bug here must not stop the gateway (a faulted BackgroundService stops the host); the batch is kept.
                Log.Unexpected(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await DrainAsync(batch);
    }

    /// <returns>false when the queue is completed and empty (only at shutdown).</returns>
    private async Task<bool> FillAsync(List<RequestLog> batch, CancellationToken cancellationToken)
    {
        while (batch.Count == 0)
        {
            if (queue.TryTake(out var first))
            {
                batch.Add(first);
            }
            else if (!await queue.WaitToTakeAsync(cancellationToken))
            {
                return false;
            }
        }

        var interval = TimeSpan.FromMilliseconds(_options.FlushIntervalMs);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            while (batch.Count < _options.BatchSize && queue.TryTake(out var entry))
            {
                batch.Add(entry);
            }

            // Take the signal before looking for waiters: a flush requested in between completes this very signal.
            var flushSignal = queue.FlushSignal;
            var remaining = interval - Stopwatch.GetElapsedTime(started);
            if (batch.Count >= _options.BatchSize || queue.HasPendingFlush || remaining <= TimeSpan.Zero)
            {
                return true;
            }

            // Sleep through the rest of the interval rather than waking for every entry: under load a wake-up per
            // request costs the request path a context switch. A batch that fills meanwhile waits at most the interval.
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Task.Delay(remaining, wake.Token), flushSignal);
            await wake.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Returns with the batch empty, or throws <see cref="OperationCanceledException"/> with the rest still in it.</summary>
    private async Task WriteUntilDoneAsync(List<RequestLog> batch, CancellationToken cancellationToken)
    {
        var delay = _firstRetryDelay;
        var maxDelay = TimeSpan.FromMilliseconds(_options.MaxRetryDelayMs);
        while (batch.Count > 0)
        {
            try
            {
                await WriteBatchAsync(batch, cancellationToken);
                if (_unavailable)
                {
                    _unavailable = false;
                    Log.Recovered(logger, Stopwatch.GetElapsedTime(_outageStarted), _outageFailures, queue.Count);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Anything but a row PostgreSQL refuses (handled inside) means "cannot write now": keep the rows, retry.
                Interlocked.Increment(ref _failedAttempts);
                metrics.RequestLogWriteFailed();
                if (!_unavailable)
                {
                    _unavailable = true;
                    _outageStarted = Stopwatch.GetTimestamp();
                    _outageFailures = 0;
                    Log.Unavailable(logger, ex, queue.Capacity);
                }

                _outageFailures++;
                await Task.Delay(Jittered(delay), cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
            }
        }
    }

    private async Task WriteBatchAsync(List<RequestLog> batch, CancellationToken cancellationToken)
    {
        try
        {
            await RequestLogCopy.WriteAsync(dataSource, batch.GetRange(0, batch.Count), cancellationToken);
            queue.ReportWritten(batch.Count);
            batch.Clear();
        }
        catch (Exception ex) when (IsRowProblem(ex) && !cancellationToken.IsCancellationRequested)
        {
            var settled = new bool[batch.Count];
            try
            {
                await WriteIsolatingAsync(batch, 0, batch.Count, settled, cancellationToken);
            }
            finally
            {
                // An outage in the middle of isolating must not write the settled rows twice on retry.
                var kept = 0;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!settled[i])
                    {
                        batch[kept++] = batch[i];
                    }
                }

                batch.RemoveRange(kept, batch.Count - kept);
            }
        }
    }

    /// <summary>Halves the range until the refused rows stand alone: a few COPYs for one bad row among a thousand.</summary>
    private async Task WriteIsolatingAsync(List<RequestLog> batch, int start, int count, bool[] settled, CancellationToken cancellationToken)
    {
        try
        {
            await RequestLogCopy.WriteAsync(dataSource, batch.GetRange(start, count), cancellationToken);
            Array.Fill(settled, true, start, count);
            queue.ReportWritten(count);
        }
        catch (Exception ex) when (IsRowProblem(ex) && !cancellationToken.IsCancellationRequested)
        {
            if (count > 1)
            {
                var half = count / 2;
                await WriteIsolatingAsync(batch, start, half, settled, cancellationToken);
                await WriteIsolatingAsync(batch, start + half, count - half, settled, cancellationToken);
                return;
            }

            settled[start] = true;
            if (ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The row is there already: an earlier COPY committed but its answer was lost to a broken connection.
                queue.ReportWritten(1);
                return;
            }

            queue.ReportDropped(RequestLogDropReasons.Rejected, 1);
            Log.Rejected(logger, batch[start].RequestId, (ex as PostgresException)?.SqlState ?? ex.GetType().Name, ex.Message);
        }
    }

    private async Task DrainAsync(List<RequestLog> batch)
    {
        var deadline = _shutdownDeadline;
        var completed = false;
        try
        {
            while (true)
            {
                while (batch.Count < _options.BatchSize && queue.TryTake(out var entry))
                {
                    batch.Add(entry);
                }

                if (batch.Count == 0)
                {
                    if (completed)
                    {
                        // Only entries whose writers got in before the completion can still arrive.
                        if (!await queue.WaitToTakeAsync(CancellationToken.None))
                        {
                            break;
                        }

                        continue;
                    }

                    // Refuse new entries from here on; any that slipped in since the last read stay readable.
                    queue.Complete();
                    completed = true;
                    continue;
                }

                await WriteUntilDoneAsync(batch, deadline);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }

        queue.Complete();
        var lost = batch.Count;
        batch.Clear();
        while (await queue.WaitToTakeAsync(CancellationToken.None))
        {
            if (queue.TryTake(out _))
            {
                lost++;
            }
        }

        if (lost > 0)
        {
            queue.ReportDropped(RequestLogDropReasons.Shutdown, lost);
            Log.LostAtShutdown(logger, lost);
        }
    }

    private static bool IsRowProblem(Exception ex) => ex switch
    {
        // Class 22 (data exception) and 23 (integrity constraint violation) are about the rows, not the server.
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal),

        // Thrown on our side while serializing a value.
        ArgumentException or InvalidCastException or FormatException or OverflowException => true,
        _ => false,
    };

    private static TimeSpan Jittered(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + (0.4 * Random.Shared.NextDouble()))));

    private static partial class Log
    {
        [LoggerMessage(RequestLogEventIds.Unavailable, LogLevel.Warning, "Request logs cannot be written to PostgreSQL; buffering up to {Capacity} entries in memory and retrying")]
        public static partial void Unavailable(ILogger logger, Exception exception, int capacity);

        [LoggerMessage(RequestLogEventIds.Recovered, LogLevel.Information, "Request logs are written to PostgreSQL again after {Duration} and {Failures} failed attempts; {Backlog} entries queued")]
        public static partial void Recovered(ILogger logger, TimeSpan duration, long failures, int backlog);

        [LoggerMessage(RequestLogEventIds.Rejected, LogLevel.Warning, "Request log entry {RequestId} refused by PostgreSQL ({Code}: {Reason}); dropped")]
        public static partial void Rejected(ILogger logger, string requestId, string code, string reason);

        [LoggerMessage(RequestLogEventIds.Unexpected, LogLevel.Error, "Unexpected failure in the request log writer; it carries on")]
        public static partial void Unexpected(ILogger logger, Exception exception);

        [LoggerMessage(RequestLogEventIds.LostAtShutdown, LogLevel.Warning, "{Count} request log entries were not written before shutdown and are lost")]
        public static partial void LostAtShutdown(ILogger logger, int count);
    }
}
