using Switchyard.Domain.Tenancy;

namespace Switchyard.Web.Features.Members;

/// <summary>An invitation of the current organization that has not been accepted yet.</summary>
public sealed record InvitationRow(Guid Id, string Email, MemberRole Role, string? InvitedBy, DateTimeOffset CreatedAt);
