using Microsoft.EntityFrameworkCore;
using Npgsql;
using Switchyard.Data;
using Switchyard.Data.Secrets;
using Switchyard.Domain.Providers;
using Switchyard.Web.Features.Audit;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Connections;

/// <summary>
/// Everything the Connections pages do. Every method checks the caller's role on the server first (viewers read, admins
/// change), then validates, saves with an audit event in the same transaction, and tells the gateways. The secret goes
/// in through <see cref="CreateAsync"/> or <see cref="ReplaceSecretAsync"/> and never comes out.
/// </summary>
public sealed class ConnectionService(
    ITenantAccess access,
    TenantDbContextFactory database,
    ConnectionSecrets secrets,
    IAuditLog audit,
    ConfigurationChanges changes,
    ConnectionTester tester,
    TimeProvider time)
{
    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = database.Create(tenant);
        var connections = await db.Connections.AsNoTracking().OrderBy(c => c.Slug).ToListAsync(cancellationToken);
        var usage = await GroupsUsingAsync(db, null, cancellationToken);
        return [.. connections.Select(c => ConnectionSummary.From(c, usage.GetValueOrDefault(c.Id, [])))];
    }

    /// <summary>The connection, or null when this organization has none with that ID (another organization's counts as none).</summary>
    public async Task<ConnectionSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = database.Create(tenant);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null)
        {
            return null;
        }

        var usage = await GroupsUsingAsync(db, id, cancellationToken);
        return ConnectionSummary.From(connection, usage.GetValueOrDefault(id, []));
    }

    public async Task<OperationResult<ConnectionSummary>> CreateAsync(ConnectionForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var tenant = await access.RequireAsync(t => t.CanManageConfiguration, cancellationToken);
        var (values, errors) = ConnectionFormValidator.Validate(form, secretRequired: true);
        if (values is null)
        {
            return OperationResult.Invalid<ConnectionSummary>(errors);
        }

        await using var db = database.Create(tenant);
        if (await db.Connections.AnyAsync(c => c.Slug == values.Slug, cancellationToken))
        {
            return SlugTaken(values.Slug);
        }

        var now = time.GetUtcNow();
        var connection = new Connection
        {
            OrganizationId = tenant.OrganizationId,
            Slug = values.Slug,
            BaseUrl = values.BaseUrl,
            CreatedAt = now,
            UpdatedAt = now,
        };
        values.ApplyTo(connection);
        if (values.Secret is not null)
        {
            secrets.Seal(connection, values.Secret);
        }

        db.Connections.Add(connection);
        audit.Record(db, tenant, ConfigurationAuditActions.ConnectionCreated, ConfigurationAuditActions.ConnectionEntity, connection.Id.ToString(), null, ConnectionSnapshot.Of(connection));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return SlugTaken(values.Slug);
        }

        // Sealed and saved: the plaintext has no business staying in the circuit's memory.
        form.Secret = string.Empty;
        await changes.PublishAsync(tenant.OrganizationId, cancellationToken);
        return OperationResult.Success(ConnectionSummary.From(connection, []));
    }

    /// <summary>
    /// Changes everything but the slug (models are addressed as <c>slug/model</c> in groups, fallbacks and key
    /// policies, so renaming would silently break them) and the secret (<see cref="ReplaceSecretAsync"/>).
    /// </summary>
    public async Task<OperationResult<ConnectionSummary>> UpdateAsync(Guid id, ConnectionForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var tenant = await access.RequireAsync(t => t.CanManageConfiguration, cancellationToken);
        await using var db = database.Create(tenant);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null)
        {
            return NotFound();
        }

        form.Slug = connection.Slug;
        form.Secret = string.Empty;
        var (values, errors) = ConnectionFormValidator.Validate(form, secretRequired: false);
        if (values is null)
        {
            return OperationResult.Invalid<ConnectionSummary>(errors);
        }

        var before = ConnectionSnapshot.Of(connection);
        values.ApplyTo(connection);
        connection.UpdatedAt = time.GetUtcNow();
        audit.Record(db, tenant, ConfigurationAuditActions.ConnectionUpdated, ConfigurationAuditActions.ConnectionEntity, connection.Id.ToString(), before, ConnectionSnapshot.Of(connection));
        await db.SaveChangesAsync(cancellationToken);
        await changes.PublishAsync(tenant.OrganizationId, cancellationToken);

        var usage = await GroupsUsingAsync(db, id, cancellationToken);
        return OperationResult.Success(ConnectionSummary.From(connection, usage.GetValueOrDefault(id, [])));
    }

    /// <summary>Seals a new key for the connection; the old one is gone for good.</summary>
    public async Task<OperationResult<ConnectionSummary>> ReplaceSecretAsync(Guid id, string secret, CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanManageConfiguration, cancellationToken);
        var trimmed = secret?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return OperationResult.Invalid<ConnectionSummary>("secret", "type the new API key");
        }

        if (trimmed.Length > ConnectionFormValidator.MaxSecretLength || trimmed.Any(char.IsWhiteSpace))
        {
            return OperationResult.Invalid<ConnectionSummary>("secret", $"the API key must be at most {ConnectionFormValidator.MaxSecretLength} characters, without spaces or line breaks");
        }

        await using var db = database.Create(tenant);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null)
        {
            return NotFound();
        }

        var before = ConnectionSnapshot.Of(connection);
        secrets.Seal(connection, trimmed);
        connection.UpdatedAt = time.GetUtcNow();
        audit.Record(db, tenant, ConfigurationAuditActions.ConnectionSecretReplaced, ConfigurationAuditActions.ConnectionEntity, connection.Id.ToString(), before, ConnectionSnapshot.Of(connection));
        await db.SaveChangesAsync(cancellationToken);
        await changes.PublishAsync(tenant.OrganizationId, cancellationToken);

        var usage = await GroupsUsingAsync(db, id, cancellationToken);
        return OperationResult.Success(ConnectionSummary.From(connection, usage.GetValueOrDefault(id, [])));
    }

    /// <summary>Deletes the connection unless a group still routes to it (as a target or a fallback): that would break the group.</summary>
    public async Task<OperationResult<ConnectionSummary>> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanManageConfiguration, cancellationToken);
        await using var db = database.Create(tenant);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null)
        {
            return NotFound();
        }

        var usedBy = (await GroupsUsingAsync(db, id, cancellationToken)).GetValueOrDefault(id, []);
        if (usedBy.Count > 0)
        {
            return InUse(connection.Slug, usedBy);
        }

        var summary = ConnectionSummary.From(connection, []);
        db.Connections.Remove(connection);
        audit.Record(db, tenant, ConfigurationAuditActions.ConnectionDeleted, ConfigurationAuditActions.ConnectionEntity, connection.Id.ToString(), ConnectionSnapshot.Of(connection), null);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            // A group took it into use between the check and the delete.
            return InUse(connection.Slug, ["a group saved a moment ago"]);
        }

        await changes.PublishAsync(tenant.OrganizationId, cancellationToken);
        return OperationResult.Success(summary);
    }

    /// <summary>
    /// Calls the provider with the form's settings. The key typed into the form is used when there is one; otherwise
    /// the stored key of <paramref name="existingId"/> (it is opened only for this call and never returned).
    /// </summary>
    public async Task<OperationResult<ConnectionTestResult>> TestAsync(ConnectionForm form, Guid? existingId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var tenant = await access.RequireAsync(t => t.CanManageConfiguration, cancellationToken);
        var slug = form.Slug;
        var typedSecret = form.Secret;
        if (string.IsNullOrWhiteSpace(slug))
        {
            // The slug does not matter to the provider; do not make the user pick one before testing.
            form.Slug = "test";
        }

        var (values, errors) = ConnectionFormValidator.Validate(form, secretRequired: false);
        form.Slug = slug;
        form.Secret = typedSecret;
        if (values is null)
        {
            return OperationResult.Invalid<ConnectionTestResult>([.. errors.Where(e => e.Field != "slug")]);
        }

        var secret = values.Secret;
        if (secret is null && existingId is { } id)
        {
            await using var db = database.Create(tenant);
            var stored = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (stored is null)
            {
                return OperationResult.Failed<ConnectionTestResult>("This connection does not exist (any more).");
            }

            secret = secrets.Open(stored);
        }

        var probe = new ConnectionProbe(values.Kind, values.BaseUrl, secret, values.AzureDeployment, values.AzureApiVersion);
        return OperationResult.Success(await tester.TestAsync(probe, cancellationToken));
    }

    /// <summary>Group names (with public IDs) that use each connection, as a target or through a fallback <c>slug/model</c>.</summary>
    private static async Task<Dictionary<Guid, IReadOnlyList<string>>> GroupsUsingAsync(SwitchyardDbContext db, Guid? connectionId, CancellationToken cancellationToken)
    {
        var connections = await db.Connections.AsNoTracking()
            .Where(c => connectionId == null || c.Id == connectionId)
            .Select(c => new { c.Id, c.Slug })
            .ToListAsync(cancellationToken);
        var groups = await db.Groups.AsNoTracking()
            .Select(g => new { g.Name, g.PublicId, g.FallbackModels, Connections = g.Targets.Select(t => t.ConnectionId).ToList() })
            .ToListAsync(cancellationToken);

        var result = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var connection in connections)
        {
            var prefix = connection.Slug + "/";
            var names = groups
                .Where(g => g.Connections.Contains(connection.Id) || g.FallbackModels.Any(f => f.StartsWith(prefix, StringComparison.Ordinal)))
                .Select(g => $"{g.Name} ({g.PublicId})")
                .Order(StringComparer.Ordinal)
                .ToList();
            if (names.Count > 0)
            {
                result[connection.Id] = names;
            }
        }

        return result;
    }

    private static OperationResult<ConnectionSummary> SlugTaken(string slug) =>
        OperationResult.Invalid<ConnectionSummary>("slug", $"this organization already has a connection named '{slug}'");

    private static OperationResult<ConnectionSummary> NotFound() =>
        OperationResult.Failed<ConnectionSummary>("This connection does not exist (any more).");

    private static OperationResult<ConnectionSummary> InUse(string slug, IReadOnlyList<string> groups) =>
        OperationResult.Failed<ConnectionSummary>(
            $"Connection '{slug}' is used by {(groups.Count == 1 ? "group" : "groups")} {string.Join(", ", groups)}. " +
            "Remove it from their targets and fallbacks first, then delete it.");
}
