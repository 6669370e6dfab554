namespace Switchyard.Web.Features.Configuration;

/// <summary>The audit actions and entity types of connections, groups and API keys (<c>&lt;entity&gt;.&lt;verb&gt;</c>).</summary>
public static class ConfigurationAuditActions
{
    public const string ConnectionEntity = "connection";
    public const string ConnectionCreated = "connection.created";
    public const string ConnectionUpdated = "connection.updated";
    public const string ConnectionSecretReplaced = "connection.secret_replaced";
    public const string ConnectionDeleted = "connection.deleted";

    public const string GroupEntity = "group";
    public const string GroupCreated = "group.created";
    public const string GroupUpdated = "group.updated";
    public const string GroupDeleted = "group.deleted";

    public const string KeyEntity = "key";
    public const string KeyCreated = "key.created";
    public const string KeyUpdated = "key.updated";
    public const string KeyRevoked = "key.revoked";
}
