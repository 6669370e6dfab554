using Npgsql;

namespace Switchyard.Data.Notifications;

/// <summary>
/// Tells every gateway instance that an organization's routing configuration changed. PostgreSQL is the source of
/// truth, so the signal goes through it too (<c>NOTIFY</c>): whoever listens reloads that organization.
/// Payload: the organization ID.
/// </summary>
public sealed class ConfigChangeNotifier(NpgsqlDataSource dataSource)
{
    public const string Channel = "switchyard_config";

    public async Task NotifyAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", organizationId.ToString("D"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
