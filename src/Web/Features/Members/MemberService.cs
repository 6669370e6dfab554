using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Switchyard.Data;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Audit;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Members;

/// <summary>
/// Members and invitations of the current organization. Everyone may read; only owners change anything, checked here
/// on the server for every call, whatever the page showed. An organization never loses its last owner.
/// </summary>
public sealed class MemberService(ITenantAccess tenantAccess, TenantDbContextFactory contexts, IAuditLog audit)
{
    private static readonly EmailAddressAttribute _emailFormat = new();

    public async Task<MembersOverview> GetAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await tenantAccess.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = contexts.Create(tenant);
        var members = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.Id, m.UserId, u.Email, m.Role, m.CreatedAt })
            .OrderByDescending(m => m.Role)
            .ThenBy(m => m.Email)
            .ToListAsync(cancellationToken);
        var invitations = await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
        var inviterIds = invitations.Select(i => i.InvitedByUserId).Distinct().ToList();
        var inviters = await db.Users.AsNoTracking().Where(u => inviterIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);

        return new MembersOverview(
            tenant,
            members.Select(m => new MemberRow(m.Id, m.UserId, m.Email ?? string.Empty, m.Role, m.CreatedAt, m.UserId == tenant.UserId)).ToList(),
            invitations.Select(i => new InvitationRow(i.Id, i.Email, i.Role, inviters.GetValueOrDefault(i.InvitedByUserId), i.CreatedAt)).ToList());
    }

    /// <summary>Invites <paramref name="email"/> with <paramref name="role"/>; they join by signing up or in with that address.</summary>
    public async Task<InvitationRow> InviteAsync(string email, MemberRole role, CancellationToken cancellationToken = default)
    {
        var tenant = await tenantAccess.RequireAsync(t => t.CanManageMembers, cancellationToken);
        var normalized = InvitationAcceptance.NormalizeEmail(email ?? string.Empty);
        if (normalized.Length == 0 || normalized.Length > 256 || !_emailFormat.IsValid(normalized))
        {
            throw new TenancyRuleException("Enter a valid email address.");
        }

        if (!Enum.IsDefined(role))
        {
            throw new TenancyRuleException("Choose a role.");
        }

        await using var db = contexts.Create(tenant);
        var upper = normalized.ToUpperInvariant();
        var alreadyMember = await db.Memberships
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.NormalizedEmail)
            .AnyAsync(e => e == upper, cancellationToken);
        if (alreadyMember)
        {
            throw new TenancyRuleException($"{normalized} is already a member of {tenant.OrganizationName}.");
        }

        if (await db.Invitations.AnyAsync(i => i.Email == normalized && i.AcceptedAt == null, cancellationToken))
        {
            throw new TenancyRuleException($"{normalized} has already been invited. Revoke that invitation to invite them with another role.");
        }

        var invitation = new Invitation { OrganizationId = tenant.OrganizationId, Email = normalized, Role = role, InvitedByUserId = tenant.UserId };
        db.Invitations.Add(invitation);
        audit.Record(db, tenant, AuditActions.MemberInvited, AuditActions.InvitationEntity, invitation.Id.ToString(),
            before: null, after: new { invitation.Email, invitation.Role, status = "pending" });
        await db.SaveChangesAsync(cancellationToken);
        return new InvitationRow(invitation.Id, invitation.Email, invitation.Role, tenant.Email, invitation.CreatedAt);
    }

    public async Task RevokeInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        var tenant = await tenantAccess.RequireAsync(t => t.CanManageMembers, cancellationToken);
        await using var db = contexts.Create(tenant);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.AcceptedAt == null, cancellationToken)
            ?? throw new TenancyRuleException("This invitation is no longer open. It may have been accepted or revoked already.");

        db.Invitations.Remove(invitation);
        audit.Record(db, tenant, AuditActions.InvitationRevoked, AuditActions.InvitationEntity, invitation.Id.ToString(),
            before: new { invitation.Email, invitation.Role, status = "pending" }, after: null);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ChangeRoleAsync(Guid membershipId, MemberRole role, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(role))
        {
            throw new TenancyRuleException("Choose a role.");
        }

        await ChangeMembershipAsync(membershipId, (db, tenant, membership, email) =>
        {
            if (membership.Role == role)
            {
                return false;
            }

            var before = new { email, membership.Role };
            membership.Role = role;
            audit.Record(db, tenant, AuditActions.MemberRoleChanged, AuditActions.MemberEntity, membership.Id.ToString(), before, new { email, membership.Role });
            return true;
        }, cancellationToken);
    }

    public Task RemoveAsync(Guid membershipId, CancellationToken cancellationToken = default) =>
        ChangeMembershipAsync(membershipId, (db, tenant, membership, email) =>
        {
            db.Memberships.Remove(membership);
            audit.Record(db, tenant, AuditActions.MemberRemoved, AuditActions.MemberEntity, membership.Id.ToString(),
                before: new { email, membership.Role }, after: null);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Runs a role change or removal with the organization row locked, so concurrent changes (two owners demoting each
    /// other) are serialized and the owner count checked afterwards is the real one. The caller's own role is re-read
    /// under the lock too.
    /// </summary>
    private async Task ChangeMembershipAsync(
        Guid membershipId,
        Func<SwitchyardDbContext, TenantContext, Membership, string, bool> change,
        CancellationToken cancellationToken)
    {
        var tenant = await tenantAccess.RequireAsync(t => t.CanManageMembers, cancellationToken);
        await using var db = contexts.Create(tenant);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM organizations WHERE id = {tenant.OrganizationId} FOR UPDATE", cancellationToken);

        var actorRole = await db.Memberships.Where(m => m.UserId == tenant.UserId).Select(m => (MemberRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        if (actorRole is not MemberRole.Owner)
        {
            throw new UnauthorizedAccessException($"Only owners can manage the members of {tenant.OrganizationName}.");
        }

        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == membershipId, cancellationToken)
            ?? throw new TenancyRuleException("This member is no longer part of the organization.");
        var email = await db.Users.Where(u => u.Id == membership.UserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? string.Empty;

        if (!change(db, tenant, membership, email))
        {
            return;
        }

        var ownersLeft = await db.Memberships.CountAsync(m => m.Role == MemberRole.Owner && m.Id != membership.Id, cancellationToken)
            + (db.Entry(membership).State == EntityState.Deleted || membership.Role != MemberRole.Owner ? 0 : 1);
        if (ownersLeft == 0)
        {
            throw new TenancyRuleException($"{tenant.OrganizationName} must keep at least one owner. Make someone else an owner first.");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
