using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Switchyard.Data;
using Switchyard.Data.Identity;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Accounts;

/// <summary>
/// Creates an account in one transaction: the user, their own organization (if they named one) with them as owner,
/// and memberships for every pending invitation of their email address. Nothing is left half-made when a step fails.
/// </summary>
public sealed class SignUpService(
    UserManager<AppUser> users,
    SwitchyardDbContext db,
    OrganizationCreator organizations,
    InvitationAcceptance invitations)
{
    /// <summary>Whether <paramref name="email"/> has an open invitation, which makes the organization name optional.</summary>
    public Task<bool> HasPendingInvitationAsync(string email, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(email)
            ? Task.FromResult(false)
            : InvitationAcceptance.Pending(db, email).AnyAsync(cancellationToken);

    public async Task<SignUpResult> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The user store writes through this same context, so all of it shares one transaction. It must act for no
        // organization: the new memberships belong to several.
        if (db.TenantId is not null)
        {
            throw new InvalidOperationException("Sign-up must run in a scope that acts for no organization.");
        }

        var email = request.Email.Trim();
        var organizationName = request.OrganizationName?.Trim();
        var invited = await HasPendingInvitationAsync(email, cancellationToken);
        if (string.IsNullOrEmpty(organizationName) && !invited)
        {
            return SignUpResult.Failed("Enter a name for your organization.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return SignUpResult.Failed([.. created.Errors.Select(e => e.Description)]);
        }

        Guid? ownOrganization = null;
        if (!string.IsNullOrEmpty(organizationName))
        {
            try
            {
                ownOrganization = (await organizations.AddAsync(db, organizationName, user.Id, email, cancellationToken)).Id;
            }
            catch (TenancyRuleException rule)
            {
                return SignUpResult.Failed(rule.Message);
            }
        }

        var joined = await invitations.AcceptAsync(db, user.Id, email, invitationId: null, cancellationToken);
        user.CurrentOrganizationId = ownOrganization ?? (joined.Count > 0 ? joined[0] : null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SignUpResult(user.Id, user.CurrentOrganizationId, joined, []);
    }
}
