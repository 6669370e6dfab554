using Microsoft.EntityFrameworkCore;
using Switchyard.Data;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Audit;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>Adds a new organization with its first owner (and the audit event saying so) to a context; the caller saves.</summary>
public sealed class OrganizationCreator(IAuditLog audit)
{
    public const int MaxNameLength = 200;

    /// <summary>The new organization gets a unique slug derived from <paramref name="name"/>; a context acting for no organization must hold it.</summary>
    public async Task<Organization> AddAsync(SwitchyardDbContext db, string name, Guid ownerId, string ownerEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var trimmed = ValidateName(name);
        var baseSlug = OrganizationSlugs.FromName(trimmed);
        var taken = await db.Organizations.AsNoTracking()
            .Where(o => o.Slug == baseSlug || o.Slug.StartsWith(baseSlug + "-"))
            .Select(o => o.Slug)
            .ToListAsync(cancellationToken);

        var organization = new Organization { Name = trimmed, Slug = OrganizationSlugs.FirstFree(baseSlug, taken.ToHashSet(StringComparer.Ordinal)) };
        db.Organizations.Add(organization);
        db.Memberships.Add(new Membership { OrganizationId = organization.Id, UserId = ownerId, Role = MemberRole.Owner });
        var actor = new TenantContext(organization.Id, organization.Name, ownerId, ownerEmail, MemberRole.Owner);
        audit.Record(db, actor, AuditActions.OrganizationCreated, AuditActions.OrganizationEntity, organization.Id.ToString(),
            before: null, after: new { organization.Name, organization.Slug, owner = ownerEmail });
        return organization;
    }

    /// <summary>The trimmed name, or a <see cref="TenancyRuleException"/> saying what is wrong with it.</summary>
    public static string ValidateName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new TenancyRuleException("Enter a name for the organization.");
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw new TenancyRuleException($"The organization name can have at most {MaxNameLength} characters.");
        }

        return trimmed;
    }
}
