using Switchyard.Data;
using Switchyard.Domain.Audit;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Audit;

/// <summary>
/// Adds an <see cref="AuditEvent"/> to the caller's context: it commits (or rolls back) with the change it describes.
/// Snapshots are serialized as given; callers pass secret-free shapes (e.g. a key's last four characters, never the key).
/// </summary>
public sealed class AuditLog(TimeProvider time) : IAuditLog
{
    public void Record(SwitchyardDbContext db, TenantContext actor, string action, string entityType, string entityId, object? before, object? after)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityId);

        db.AuditEvents.Add(new AuditEvent
        {
            OrganizationId = actor.OrganizationId,
            UserId = actor.UserId,
            UserEmail = actor.Email,
            Timestamp = time.GetUtcNow(),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            BeforeJson = AuditJson.Serialize(before),
            AfterJson = AuditJson.Serialize(after),
        });
    }
}
