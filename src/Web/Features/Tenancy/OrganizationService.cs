using Microsoft.EntityFrameworkCore;
using Switchyard.Web.Features.Accounts;
using Switchyard.Web.Features.Audit;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>
/// The signed-in user's own organizations and invitations: listing, switching, creating, accepting and declining.
/// Everything here is about the user, not about one organization, so it reads across organizations by user ID.
/// </summary>
public sealed class OrganizationService(
    CurrentUser currentUser,
    TenantDbContextFactory contexts,
    OrganizationCreator creator,
    InvitationAcceptance acceptance,
    IAuditLog audit)
{
    public async Task<IReadOnlyList<OrganizationSummary>> ListMineAsync(CancellationToken cancellationToken = default)
    {
        var user = await RequireUserAsync();
        await using var db = contexts.CreateWithoutTenant();
        var current = await db.Users.Where(u => u.Id == user.Id).Select(u => u.CurrentOrganizationId).FirstOrDefaultAsync(cancellationToken);
        var organizations = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == user.Id)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o.Id, o.Name, o.Slug, m.Role, m.CreatedAt })
            .OrderBy(o => o.Name)
            .ThenBy(o => o.Id)
            .ToListAsync(cancellationToken);

        // Same fallback as TenantAccess: without a valid choice the oldest membership is current.
        var currentId = organizations.Any(o => o.Id == current)
            ? current
            : organizations.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Select(o => (Guid?)o.Id).FirstOrDefault();
        return organizations.Select(o => new OrganizationSummary(o.Id, o.Name, o.Slug, o.Role, o.Id == currentId)).ToList();
    }

    /// <summary>Makes <paramref name="organizationId"/> the one the dashboard opens in; only an organization the user belongs to.</summary>
    public async Task SwitchAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        var user = await RequireUserAsync();
        await using var db = contexts.CreateWithoutTenant();
        var isMember = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.UserId == user.Id && m.OrganizationId == organizationId, cancellationToken);
        if (!isMember)
        {
            throw new UnauthorizedAccessException("You are not a member of that organization.");
        }

        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.CurrentOrganizationId, organizationId), cancellationToken);
    }

    /// <summary>Creates an organization owned by the user and switches to it.</summary>
    public async Task<Guid> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var user = await RequireUserAsync();
        await using var db = contexts.CreateWithoutTenant();
        var account = await db.Users.FirstAsync(u => u.Id == user.Id, cancellationToken);
        var organization = await creator.AddAsync(db, name, user.Id, account.Email ?? user.Email, cancellationToken);
        account.CurrentOrganizationId = organization.Id;
        await db.SaveChangesAsync(cancellationToken);
        return organization.Id;
    }

    public async Task<IReadOnlyList<PendingInvitation>> PendingInvitationsAsync(CancellationToken cancellationToken = default)
    {
        var user = await RequireUserAsync();
        await using var db = contexts.CreateWithoutTenant();
        var email = await EmailOfAsync(db, user, cancellationToken);
        var invitations = await InvitationAcceptance.Pending(db, email)
            .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { Invitation = i, OrganizationName = o.Name })
            .OrderBy(x => x.Invitation.CreatedAt)
            .ToListAsync(cancellationToken);
        var inviterIds = invitations.Select(x => x.Invitation.InvitedByUserId).Distinct().ToList();
        var inviters = await db.Users.Where(u => inviterIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        return invitations
            .Select(x => new PendingInvitation(
                x.Invitation.Id,
                x.Invitation.OrganizationId,
                x.OrganizationName,
                x.Invitation.Role,
                inviters.GetValueOrDefault(x.Invitation.InvitedByUserId),
                x.Invitation.CreatedAt))
            .ToList();
    }

    /// <summary>Joins the inviting organization with the invited role and switches to it.</summary>
    public async Task AcceptInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        var user = await RequireUserAsync();
        await using var db = contexts.CreateWithoutTenant();
        var account = await db.Users.FirstAsync(u => u.Id == user.Id, cancellationToken);
        var joined = await acceptance.AcceptAsync(db, user.Id, account.Email ?? user.Email, invitationId, cancellationToken);
        if (joined.Count == 0)
        {
            throw new TenancyRuleException("This invitation is no longer open. It may have been revoked or already accepted.");
        }

        account.CurrentOrganizationId = joined[0];
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeclineInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        var user = await RequireUserAsync();
        await using var db = contexts.CreateWithoutTenant();
        var email = await EmailOfAsync(db, user, cancellationToken);
        var invitation = await InvitationAcceptance.Pending(db, email).FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken)
            ?? throw new TenancyRuleException("This invitation is no longer open. It may have been revoked or already accepted.");
        var organizationName = await db.Organizations.Where(o => o.Id == invitation.OrganizationId).Select(o => o.Name).FirstAsync(cancellationToken);

        db.Invitations.Remove(invitation);
        var actor = new TenantContext(invitation.OrganizationId, organizationName, user.Id, email, invitation.Role);
        audit.Record(db, actor, AuditActions.InvitationDeclined, AuditActions.InvitationEntity, invitation.Id.ToString(),
            before: new { invitation.Email, invitation.Role, status = "pending" }, after: null);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<SignedInUser> RequireUserAsync() =>
        await currentUser.GetAsync() ?? throw new UnauthorizedAccessException("Sign in first.");

    private static async Task<string> EmailOfAsync(Data.SwitchyardDbContext db, SignedInUser user, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == user.Id).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? user.Email;
}
