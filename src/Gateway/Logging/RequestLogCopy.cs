using Npgsql;
using NpgsqlTypes;
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

    public static async Task WriteAsync(NpgsqlDataSource dataSource, List<RequestLog> rows, int start, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(Command, cancellationToken);
        for (var i = start; i < start + count; i++)
        {
            await WriteRowAsync(importer, rows[i], cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
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
