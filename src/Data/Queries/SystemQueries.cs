using System.Data;
using Npgsql;
using Switchyard.Data.Keys;
using Switchyard.Data.Threading;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;

namespace Switchyard.Data.Queries;

/// <summary>
/// The few reads that must cross organizations, each returning data tagged with its organization: finding which
/// organization a gateway key belongs to, and loading the gateway's route table.
/// <para>
/// Plain Npgsql rather than EF Core, because these are the gateway's only reads: with them the gateway never builds
/// the EF Core model, which saved ~6,000 JIT-compiled methods and their memory per gateway process (bench/README.md).
/// The columns are the model's (<c>SchemaSnapshot</c> keeps migrations and model equal); <c>SystemQueriesTests</c>
/// compares every entity read here with EF Core's reading of the same rows, so a column added to the model and
/// forgotten here fails a test. Everything else goes through the tenant-filtered sets of the context.
/// </para>
/// </summary>
public sealed class SystemQueries(NpgsqlDataSource dataSource)
{
    private const string ApiKeyColumns =
        "id, organization_id, name, hash, last4, created_by_user_id, default_group_id, allowed_groups, allowed_models, rpm_limit, created_at, last_used_at, revoked_at";

    private const string ConnectionColumns =
        "id, organization_id, slug, kind, base_url, encrypted_secret, secret_key_id, secret_last4, azure_resource, azure_deployment, azure_api_version, models, input_price_per_million, output_price_per_million, created_at, updated_at";

    private const string GroupColumns =
        "id, organization_id, public_id, name, strategy, sticky_hash_fields, sticky_ttl_seconds, fallback_models, retry_on_status_codes, request_timeout_ms, first_byte_timeout_ms, version, created_at, updated_at";

    private const string TargetColumns =
        "id, organization_id, group_id, connection_id, model, weight, position, rpm_limit, tpm_limit, parameter_overrides_json";

    public async Task<ApiKey?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        await using var command = dataSource.CreateCommand($"SELECT {ApiKeyColumns} FROM api_keys WHERE hash = $1 LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var key = new ApiKey
        {
            Id = reader.GetGuid(0),
            OrganizationId = reader.GetGuid(1),
            Name = reader.GetString(2),
            Hash = reader.GetFieldValue<byte[]>(3),
            Last4 = reader.GetString(4),
            CreatedByUserId = Nullable<Guid>(reader, 5),
            DefaultGroupId = NullableString(reader, 6),
            AllowedGroups = [.. reader.GetFieldValue<string[]>(7)],
            AllowedModels = [.. reader.GetFieldValue<string[]>(8)],
            RpmLimit = Nullable<int>(reader, 9),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(10),
            LastUsedAt = Nullable<DateTimeOffset>(reader, 11),
            RevokedAt = Nullable<DateTimeOffset>(reader, 12),
        };

        // The index finds the row; the comparison that decides is constant-time.
        return ApiKeyHasher.Matches(key.Hash, hash) ? key : null;
    }

    /// <summary>
    /// What the gateway's route table is built from, for one organization or for all when
    /// <paramref name="organizationId"/> is null: organizations, connections, and groups with their targets in position
    /// order, all read from one snapshot, so a group never comes with another moment's targets.
    /// <para>
    /// Each row is parsed off the socket threads: a read that waited for PostgreSQL resumes on one when the gateway
    /// runs socket completions inline, and PostgreSQL sends rows faster than they are parsed, so without the hop a
    /// large installation's whole table would be parsed there, ahead of every connection on that thread.
    /// </para>
    /// </summary>
    public async Task<RouteSource> ReadRoutesAsync(Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var organizations = await ReadOrganizationIdsAsync(connection, organizationId, cancellationToken);
        var connections = await ReadConnectionsAsync(connection, organizationId, cancellationToken);
        var groups = await ReadGroupsAsync(connection, organizationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RouteSource(organizations, connections, groups);
    }

    private static async Task<List<Guid>> ReadOrganizationIdsAsync(NpgsqlConnection connection, Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var command = OrganizationCommand(connection, "SELECT id FROM organizations", organizationId, "ORDER BY id", filter: "id = $1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await NextRowOffSocketThreadAsync(reader, cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<List<Connection>> ReadConnectionsAsync(NpgsqlConnection connection, Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var command = OrganizationCommand(connection, $"SELECT {ConnectionColumns} FROM connections", organizationId, "ORDER BY organization_id, slug");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var connections = new List<Connection>();
        while (await NextRowOffSocketThreadAsync(reader, cancellationToken))
        {
            connections.Add(new Connection
            {
                Id = reader.GetGuid(0),
                OrganizationId = reader.GetGuid(1),
                Slug = reader.GetString(2),
                Kind = ProviderKindNames.TryParse(reader.GetString(3), out var kind)
                    ? kind
                    : throw new InvalidOperationException($"Unknown provider kind '{reader.GetString(3)}' in the database."),
                BaseUrl = reader.GetString(4),
                EncryptedSecret = reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
                SecretKeyId = NullableString(reader, 6),
                SecretLast4 = NullableString(reader, 7),
                AzureResource = NullableString(reader, 8),
                AzureDeployment = NullableString(reader, 9),
                AzureApiVersion = NullableString(reader, 10),
                Models = [.. reader.GetFieldValue<string[]>(11)],
                InputPricePerMillion = Nullable<decimal>(reader, 12),
                OutputPricePerMillion = Nullable<decimal>(reader, 13),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(14),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(15),
            });
        }

        return connections;
    }

    private static async Task<List<LoadBalanceGroup>> ReadGroupsAsync(NpgsqlConnection connection, Guid? organizationId, CancellationToken cancellationToken)
    {
        var groups = new List<LoadBalanceGroup>();
        var byId = new Dictionary<Guid, LoadBalanceGroup>();
        await using (var command = OrganizationCommand(connection, $"SELECT {GroupColumns} FROM load_balance_groups", organizationId, "ORDER BY organization_id, name, id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await NextRowOffSocketThreadAsync(reader, cancellationToken))
            {
                var group = new LoadBalanceGroup
                {
                    Id = reader.GetGuid(0),
                    OrganizationId = reader.GetGuid(1),
                    PublicId = reader.GetString(2),
                    Name = reader.GetString(3),
                    Strategy = RoutingStrategyNames.TryParse(reader.GetString(4), out var strategy)
                        ? strategy
                        : throw new InvalidOperationException($"Unknown routing strategy '{reader.GetString(4)}' in the database."),
                    StickyHashFields = [.. reader.GetFieldValue<string[]>(5)],
                    StickyTtlSeconds = reader.GetInt32(6),
                    FallbackModels = [.. reader.GetFieldValue<string[]>(7)],
                    RetryOnStatusCodes = [.. reader.GetFieldValue<int[]>(8)],
                    RequestTimeoutMs = Nullable<int>(reader, 9),
                    FirstByteTimeoutMs = Nullable<int>(reader, 10),
                    Version = reader.GetInt32(11),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(12),
                    UpdatedAt = reader.GetFieldValue<DateTimeOffset>(13),
                };
                groups.Add(group);
                byId[group.Id] = group;
            }
        }

        await using (var command = OrganizationCommand(connection, $"SELECT {TargetColumns} FROM group_targets", organizationId, "ORDER BY group_id, position, id",
            filter: "group_id IN (SELECT id FROM load_balance_groups WHERE organization_id = $1)"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await NextRowOffSocketThreadAsync(reader, cancellationToken))
            {
                var target = new GroupTarget
                {
                    Id = reader.GetGuid(0),
                    OrganizationId = reader.GetGuid(1),
                    GroupId = reader.GetGuid(2),
                    ConnectionId = reader.GetGuid(3),
                    Model = reader.GetString(4),
                    Weight = reader.GetDouble(5),
                    Position = reader.GetInt32(6),
                    RpmLimit = Nullable<int>(reader, 7),
                    TpmLimit = Nullable<int>(reader, 8),
                    ParameterOverridesJson = NullableString(reader, 9),
                };
                byId[target.GroupId].Targets.Add(target); // the same snapshot: every target's group was read above
            }
        }

        return groups;
    }

    /// <summary>
    /// Reads the next row, then leaves a socket thread if the read's wait for PostgreSQL left the caller on one, so the
    /// row is parsed on the thread pool (see <see cref="ReadRoutesAsync"/>).
    /// </summary>
    private static async ValueTask<bool> NextRowOffSocketThreadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        await SocketThread.LeaveAsync();
        return true;
    }

    private static NpgsqlCommand OrganizationCommand(NpgsqlConnection connection, string select, Guid? organizationId, string orderBy, string filter = "organization_id = $1")
    {
        if (organizationId is not { } id)
        {
            return new NpgsqlCommand($"{select} {orderBy}", connection);
        }

        var command = new NpgsqlCommand($"{select} WHERE {filter} {orderBy}", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return command;
    }

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
