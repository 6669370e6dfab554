using Npgsql;
using NpgsqlTypes;
using Switchyard.Data.Threading;
using Switchyard.Domain.Logs;

namespace Switchyard.Gateway.Logging;

/// <summary>
/// One <see cref="RequestLog"/> as a row of a binary COPY into <c>request_logs</c> (migrations/0001_initial.sql).
/// Columns are listed explicitly and typed explicitly, so a column added later with a default never shifts values,
/// and a type mismatch fails loudly instead of being guessed.
/// </summary>
internal static class RequestLogCopy
{
    public const string Command =
        "COPY request_logs (id, organization_id, timestamp, request_id, api_key_id, endpoint, group_public_id, group_version, " +
        "target, route, status, attempts, stream, fallback, truncated, latency_ms, first_byte_ms, prompt_tokens, " +
        "completion_tokens, total_tokens, cost, error_code, metadata_json) FROM STDIN (FORMAT BINARY)";

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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(Command, cancellationToken);
        foreach (var row in rows)
        {
            // Starting the COPY waits for PostgreSQL, and so may a full buffer's flush: what follows such a wait would
            // run on a socket thread, up to a thousand rows of it ahead of the requests on that thread.
            await SocketThread.LeaveAsync();
            await WriteRowAsync(importer, row, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);

        // The writer's next steps (counting, collecting the next batch) run in this continuation too.
        await SocketThread.LeaveAsync();
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter importer, RequestLog row, CancellationToken ct)
    {
        await importer.StartRowAsync(ct);
        await importer.WriteAsync(row.Id, NpgsqlDbType.Uuid, ct);
        await importer.WriteAsync(row.OrganizationId, NpgsqlDbType.Uuid, ct);

        // timestamptz takes UTC only (Npgsql 6+); the offset the pipeline used is irrelevant to the instant.
        await importer.WriteAsync(row.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(row.RequestId, NpgsqlDbType.Varchar, ct);
        await WriteNullableAsync(importer, row.ApiKeyId, NpgsqlDbType.Uuid, ct);
        await importer.WriteAsync(row.Endpoint, NpgsqlDbType.Varchar, ct);
        await WriteNullableAsync(importer, row.GroupPublicId, NpgsqlDbType.Varchar, ct);
        await WriteNullableAsync(importer, row.GroupVersion, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, row.Target, NpgsqlDbType.Varchar, ct);
        await WriteNullableAsync(importer, row.Route, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(row.Status, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(row.Attempts, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(row.Stream, NpgsqlDbType.Boolean, ct);
        await importer.WriteAsync(row.Fallback, NpgsqlDbType.Boolean, ct);
        await importer.WriteAsync(row.Truncated, NpgsqlDbType.Boolean, ct);
        await importer.WriteAsync(row.LatencyMs, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, row.FirstByteMs, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, row.PromptTokens, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, row.CompletionTokens, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, row.TotalTokens, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, row.Cost, NpgsqlDbType.Numeric, ct);
        await WriteNullableAsync(importer, row.ErrorCode, NpgsqlDbType.Varchar, ct);
        await WriteNullableAsync(importer, row.MetadataJson, NpgsqlDbType.Jsonb, ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct =>
        value is { } present ? importer.WriteAsync(present, type, ct) : importer.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);
}
