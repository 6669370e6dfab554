using Switchyard.Data;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Audit;

/// <summary>Records who changed what. Adds the event to the given context, so it commits with the change itself.</summary>
public interface IAuditLog
{
    /// <param name="db">The context that holds the change; the event is saved with it.</param>
    /// <param name="actor">Who acts.</param>
    /// <param name="action">E.g. <c>group.updated</c>.</param>
    /// <param name="entityType">E.g. <c>group</c>.</param>
    /// <param name="entityId">The public or internal ID.</param>
    /// <param name="before">A secret-free snapshot before the change (serialized to JSON), or null.</param>
    /// <param name="after">A secret-free snapshot after the change, or null.</param>
    void Record(SwitchyardDbContext db, TenantContext actor, string action, string entityType, string entityId, object? before, object? after);
}
