using Switchyard.Domain.Tenancy;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>An organization the signed-in user belongs to, for the switcher and the Organizations page.</summary>
public sealed record OrganizationSummary(Guid Id, string Name, string Slug, MemberRole Role, bool IsCurrent);
