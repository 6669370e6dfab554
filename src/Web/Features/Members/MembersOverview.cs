using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Members;

/// <summary>Everything the Members page shows, and who is looking (which decides what they may change).</summary>
public sealed record MembersOverview(TenantContext Viewer, IReadOnlyList<MemberRow> Members, IReadOnlyList<InvitationRow> Invitations);
