using Microsoft.EntityFrameworkCore;
using Switchyard.Data.Tenancy;
using Switchyard.Web.Features.Accounts;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>
/// Resolves the caller's organization and role from the database on every call, so a role change or removal takes
/// effect on the next action, not at the next sign-in. Scoped: one per circuit or request. Each call also points the
/// scope's <see cref="TenantScope"/> at the resolved organization, so every context resolved in this scope is
/// filtered to it (and reads nothing when the caller has no organization).
/// </summary>
/// <remarks>
/// The first organization resolved in a scope stays the scope's organization: a page acts for the organization it
/// shows. Switching organizations in another tab does not redirect this circuit's actions, and a user removed from
/// the organization gets "no organization" here rather than silently acting in another one they belong to.
/// (Switching in this circuit reloads the page, which starts a new scope.)
/// </remarks>
public sealed class TenantAccess(CurrentUser currentUser, TenantDbContextFactory contexts, TenantScope scope) : ITenantAccess
{
    private Guid? _pinnedOrganizationId;

    public async Task<TenantContext?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await ResolveAsync(cancellationToken);
        scope.OrganizationId = tenant?.OrganizationId;
        return tenant;
    }

    public async Task<TenantContext> RequireAsync(Func<TenantContext, bool> allowed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var tenant = await GetCurrentAsync(cancellationToken)
            ?? throw new UnauthorizedAccessException(_pinnedOrganizationId is null
                ? "You are not signed in to an organization."
                : "You are no longer a member of this organization. Reload the page to continue.");
        if (!allowed(tenant))
        {
            throw new UnauthorizedAccessException(
                $"Your role in {tenant.OrganizationName} ({tenant.Role.ToString().ToLowerInvariant()}) does not allow this action.");
        }

        return tenant;
    }

    private async Task<TenantContext?> ResolveAsync(CancellationToken cancellationToken)
    {
        var user = await currentUser.GetAsync();
        if (user is null)
        {
            return null;
        }

        await using var db = contexts.CreateWithoutTenant();
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == user.Id)
            .Select(u => new { u.Email, u.CurrentOrganizationId })
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return null;
        }

        var memberships = db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == user.Id)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.OrganizationId, o.Name, m.Role, m.CreatedAt });
        if (_pinnedOrganizationId is { } pinned)
        {
            memberships = memberships.Where(m => m.OrganizationId == pinned);
        }
        else
        {
            // The chosen organization if the user still belongs to it, otherwise the one they joined first.
            var current = account.CurrentOrganizationId;
            memberships = memberships
                .OrderBy(m => m.OrganizationId == current ? 0 : 1)
                .ThenBy(m => m.CreatedAt)
                .ThenBy(m => m.OrganizationId);
        }

        var membership = await memberships.FirstOrDefaultAsync(cancellationToken);
        if (membership is null)
        {
            return null;
        }

        _pinnedOrganizationId = membership.OrganizationId;
        return new TenantContext(membership.OrganizationId, membership.Name, user.Id, account.Email ?? user.Email, membership.Role);
    }
}
