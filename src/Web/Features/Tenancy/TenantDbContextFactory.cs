using Microsoft.EntityFrameworkCore;
using Switchyard.Data;
using Switchyard.Data.Tenancy;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>
/// Short-lived contexts for dashboard work. A circuit lives for hours and its components run their async work
/// interleaved, so one circuit-wide <see cref="SwitchyardDbContext"/> would be shared by concurrent operations and
/// collect stale tracked entities. Create one per operation instead: <c>await using var db = factory.Create(tenant);</c>
/// </summary>
public sealed class TenantDbContextFactory(DbContextOptions<SwitchyardDbContext> options)
{
    /// <summary>A context whose reads are filtered to, and whose writes are confined to, the tenant's organization.</summary>
    public SwitchyardDbContext Create(TenantContext tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Create(tenant.OrganizationId);
    }

    /// <inheritdoc cref="Create(TenantContext)"/>
    public SwitchyardDbContext Create(Guid organizationId) => new(options, new TenantScope(organizationId));

    /// <summary>
    /// A context acting for no organization, for the few account-level operations that span organizations (sign-up,
    /// a user's own memberships and invitations). Organization-owned sets read empty unless the query says
    /// <c>IgnoreQueryFilters()</c>, so every such query must filter by user or organization itself.
    /// </summary>
    public SwitchyardDbContext CreateWithoutTenant() => new(options, new TenantScope());
}
