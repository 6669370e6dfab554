using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Switchyard.Data.Configurations;
using Switchyard.Data.Identity;
using Switchyard.Data.Tenancy;
using Switchyard.Domain.Audit;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Logs;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data;

/// <summary>
/// Identity and the platform in one context. Every organization-owned set is filtered by the
/// <see cref="ITenantScope"/> it was created with; cross-organization reads (API-key lookup, the gateway's
/// route table) must say so with <c>IgnoreQueryFilters()</c> and live in <see cref="Queries.SystemQueries"/>.
/// </summary>
public sealed class SwitchyardDbContext(DbContextOptions<SwitchyardDbContext> options, ITenantScope scope)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>Read by the query filters at query time (EF parameterizes it), so one model serves every tenant.</summary>
    public Guid? TenantId => scope.OrganizationId;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Connection> Connections => Set<Connection>();
    public DbSet<LoadBalanceGroup> Groups => Set<LoadBalanceGroup>();
    public DbSet<GroupTarget> GroupTargets => Set<GroupTarget>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<RequestLog> RequestLogs => Set<RequestLog>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SwitchyardDbContext).Assembly);

        ScopeToTenant<Membership>(builder);
        ScopeToTenant<Invitation>(builder);
        ScopeToTenant<Connection>(builder);
        ScopeToTenant<LoadBalanceGroup>(builder);
        ScopeToTenant<GroupTarget>(builder);
        ScopeToTenant<ApiKey>(builder);
        ScopeToTenant<RequestLog>(builder);
        ScopeToTenant<AuditEvent>(builder);

        SnakeCaseNames.Apply(builder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void ScopeToTenant<T>(ModelBuilder builder)
        where T : class, IOrganizationOwned =>
        builder.Entity<T>().HasQueryFilter(e => TenantId != null && e.OrganizationId == TenantId);

    /// <summary>The read filter has a write-side twin: a scoped context may only write rows of its own organization.</summary>
    private void GuardTenantWrites()
    {
        if (TenantId is not { } tenant)
        {
            return;
        }

        foreach (var entry in ChangeTracker.Entries<IOrganizationOwned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted &&
                entry.Entity.OrganizationId != tenant)
            {
                throw new CrossTenantWriteException(entry.Metadata.ClrType.Name, entry.Entity.OrganizationId, tenant);
            }
        }
    }
}
