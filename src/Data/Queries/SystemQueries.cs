using Microsoft.EntityFrameworkCore;
using Switchyard.Data.Keys;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;

namespace Switchyard.Data.Queries;

/// <summary>
/// The few reads that must cross organizations, each returning data tagged with its organization:
/// finding which organization a gateway key belongs to, and loading the gateway's route table.
/// Everything else goes through the tenant-filtered sets.
/// </summary>
public static class SystemQueries
{
    public static async Task<ApiKey?> FindApiKeyAsync(this SwitchyardDbContext db, byte[] hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        return key is not null && ApiKeyHasher.Matches(key.Hash, hash) ? key : null;
    }

    public static Task<List<Connection>> AllConnectionsAsync(this SwitchyardDbContext db, Guid? organizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Connections.IgnoreQueryFilters().AsNoTracking();
        if (organizationId is { } org)
        {
            query = query.Where(c => c.OrganizationId == org);
        }

        return query.ToListAsync(cancellationToken);
    }

    public static Task<List<LoadBalanceGroup>> AllGroupsAsync(this SwitchyardDbContext db, Guid? organizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Groups.IgnoreQueryFilters().AsNoTracking().Include(g => g.Targets);
        return organizationId is { } org
            ? query.Where(g => g.OrganizationId == org).ToListAsync(cancellationToken)
            : query.ToListAsync(cancellationToken);
    }
}
