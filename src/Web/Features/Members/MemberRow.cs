using Switchyard.Domain.Tenancy;

namespace Switchyard.Web.Features.Members;

/// <summary>A member of the current organization as the Members page lists them.</summary>
public sealed record MemberRow(Guid MembershipId, Guid UserId, string Email, MemberRole Role, DateTimeOffset JoinedAt, bool IsYou);
