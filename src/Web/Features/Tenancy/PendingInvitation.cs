using Switchyard.Domain.Tenancy;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>An invitation waiting for the signed-in user's answer.</summary>
public sealed record PendingInvitation(Guid Id, Guid OrganizationId, string OrganizationName, MemberRole Role, string? InvitedBy, DateTimeOffset CreatedAt);
