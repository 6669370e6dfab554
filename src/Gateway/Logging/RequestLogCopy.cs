using Npgsql;
using Switchyard.Data.Threading;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Logging;

/// <summary>
/// A batch of <see cref="RequestLog"/>s as one binary COPY into <c>request_logs</c> (migrations/0001_initial.sql),
/// encoded here (<see cref="PgCopyWriter"/>) and sent whole. Columns are listed explicitly, so a column added later with a
/// default never shifts values; each is encoded in the binary format of its declared type, and PostgreSQL refuses a
/// value whose length does not fit that type instead of guessing.
/// </summary>
internal static class RequestLogCopy
{
    public const string Command =
        "COPY request_logs (id, organization_id, timestamp, request_id, api_key_id, endpoint, group_public_id, group_version, " +
        "target, route, status, attempts, stream, fallback, truncated, latency_ms, first_byte_ms, prompt_tokens, " +
        "completion_tokens, total_tokens, cost, error_code, metadata_json) FROM STDIN (FORMAT BINARY)";

    private const short ColumnCount = 23;

    /// <summary>A gateway row with its route trace and no metadata is ~250 bytes; the buffer grows when rows are larger.</summary>
    internal const int TypicalRowBytes = 320;

    /// <summary>The most of the payload copied and sent between two checks for a socket thread.</summary>
    private const int PieceBytes = 16 * 1024;

    /// <summary>
    /// One COPY of <paramref name="rows"/>, committed when the returned task completes. Gives up as soon as
    /// <paramref name="cancellationToken"/> fires, even where Npgsql would not (a server that accepts the connection
    /// and never answers holds the open until the connection timeout); the abandoned attempt ends on its own.
    /// </summary>
    /// <param name="dataSource">Where to write.</param>
    /// <param name="rows">A list nobody changes while the attempt may still run (the writer passes a copy).</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    public static Task WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<RequestLog> rows, CancellationToken cancellationToken)
    {
        var write = WriteCoreAsync(dataSource, rows, cancellationToken);
        if (write.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return write;
        }

        // Observe the abandoned attempt's failure, so it does not surface as an unobserved task exception.
        write.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return write.WaitAsync(cancellationToken);
    }

    private static async Task WriteCoreAsync(NpgsqlDataSource dataSource, IReadOnlyList<RequestLog> rows, CancellationToken cancellationToken)
    {
        // Encoded before the COPY starts: a value that cannot be encoded fails the batch before PostgreSQL sees any of it.
        using var payload = new PooledByteBufferWriter(Math.Max(rows.Count, 1) * TypicalRowBytes);
        Encode(rows, payload);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var copy = await connection.BeginRawBinaryCopyAsync(Command, cancellationToken);

        try
        {
            // Starting the COPY waits for PostgreSQL, and so may a send of the payload: what follows such a wait would
            // run on a socket thread, ahead of the requests on that thread. So the payload goes in pieces, each
            // written from the thread pool (leaving is free where nothing waited).
            var remaining = payload.WrittenMemory;
            while (!remaining.IsEmpty)
            {
                await SocketThread.LeaveAsync();
                var piece = remaining[..Math.Min(remaining.Length, PieceBytes)];
                await copy.WriteAsync(piece, cancellationToken);
                remaining = remaining[piece.Length..];
            }
        }
        catch
        {
            // Disposing the stream would end the COPY and commit the rows that got through; PostgreSQL accepts a
            // binary COPY that stops at a row boundary.
            await AbandonAsync(copy);
            throw;
        }

        // Ends the COPY: PostgreSQL commits, or answers with the error of the first row it refused.
        await copy.DisposeAsync();

        // The writer's next steps (counting, collecting the next batch) run in this continuation too.
        await SocketThread.LeaveAsync();
    }

    /// <summary>The whole COPY of <paramref name="rows"/>: header, one row each, trailer.</summary>
    internal static void Encode(IReadOnlyList<RequestLog> rows, PooledByteBufferWriter destination)
    {
        var copy = new PgCopyWriter(destination);
        copy.WriteHeader();
        foreach (var row in rows)
        {
            WriteRow(copy, row);
        }

        copy.WriteTrailer();
    }

    /// <summary>The columns in <see cref="Command"/>'s order, typed as migrations/0001_initial.sql declares them.</summary>
    private static void WriteRow(PgCopyWriter copy, RequestLog row)
    {
        copy.StartRow(ColumnCount);
        copy.Uuid(row.Id);
        copy.Uuid(row.OrganizationId);
        copy.Timestamp(row.Timestamp);
        copy.Text(row.RequestId);
        copy.Uuid(row.ApiKeyId);
        copy.Text(row.Endpoint);
        copy.Text(row.GroupPublicId);
        copy.Int32(row.GroupVersion);
        copy.Text(row.Target);
        copy.Text(row.Route);
        copy.Int32(row.Status);
        copy.Int32(row.Attempts);
        copy.Boolean(row.Stream);
        copy.Boolean(row.Fallback);
        copy.Boolean(row.Truncated);
        copy.Int32(row.LatencyMs);
        copy.Int32(row.FirstByteMs);
        copy.Int32(row.PromptTokens);
        copy.Int32(row.CompletionTokens);
        copy.Int32(row.TotalTokens);
        copy.Numeric(row.Cost);
        copy.Text(row.ErrorCode);
        copy.Jsonb(row.MetadataJson);
    }

    private static async Task AbandonAsync(NpgsqlRawCopyStream copy)
    {
        try
        {
            await copy.CancelAsync();
        }
        catch (Exception)
        {
            // The connection is broken or the COPY already failed; either way nothing was committed, and the caller
            // rethrows the error that matters.
        }
    }
}
