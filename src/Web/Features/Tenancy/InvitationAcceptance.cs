using Microsoft.EntityFrameworkCore;
using Switchyard.Data;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Audit;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>Turns pending invitations of an email address into memberships, on sign-up or when the user accepts one.</summary>
public sealed class InvitationAcceptance(IAuditLog audit, TimeProvider time)
{
    /// <summary>Invitations are stored and matched by this form of the address.</summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    /// <summary>Pending invitations of <paramref name="email"/>, across organizations.</summary>
    public static IQueryable<Invitation> Pending(SwitchyardDbContext db, string email)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = NormalizeEmail(email);
        return db.Invitations.IgnoreQueryFilters().Where(i => i.Email == normalized && i.AcceptedAt == null);
    }

    /// <summary>
    /// Accepts the pending invitations of <paramref name="email"/> (all of them, or only <paramref name="invitationId"/>)
    /// in a context acting for no organization, since they may span several. The caller saves.
    /// </summary>
    /// <returns>The organizations the user now belongs to through an accepted invitation, oldest invitation first.</returns>
    public async Task<IReadOnlyList<Guid>> AcceptAsync(
        SwitchyardDbContext db, Guid userId, string email, Guid? invitationId, CancellationToken cancellationToken)
    {
        var query = Pending(db, email);
        if (invitationId is { } id)
        {
            query = query.Where(i => i.Id == id);
        }

        var invitations = await query.OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken);
        if (invitations.Count == 0)
        {
            return [];
        }

        var organizationIds = invitations.Select(i => i.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking()
            .Where(o => organizationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var memberships = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && organizationIds.Contains(m.OrganizationId))
            .ToDictionaryAsync(m => m.OrganizationId, cancellationToken);

        var joined = new List<Guid>();
        foreach (var invitation in invitations)
        {
            invitation.AcceptedAt = time.GetUtcNow();
            if (!memberships.TryGetValue(invitation.OrganizationId, out var membership))
            {
                // Someone who already belongs keeps their role: an invitation never demotes.
                membership = new Membership { OrganizationId = invitation.OrganizationId, UserId = userId, Role = invitation.Role };
                db.Memberships.Add(membership);
                memberships[invitation.OrganizationId] = membership;
            }

            var actor = new TenantContext(invitation.OrganizationId, names[invitation.OrganizationId], userId, email, membership.Role);
            audit.Record(db, actor, AuditActions.InvitationAccepted, AuditActions.InvitationEntity, invitation.Id.ToString(),
                before: new { invitation.Email, invitation.Role, status = "pending" },
                after: new { invitation.Email, membership.Role, status = "accepted" });
            if (!joined.Contains(invitation.OrganizationId))
            {
                joined.Add(invitation.OrganizationId);
            }
        }

        return joined;
    }
}
