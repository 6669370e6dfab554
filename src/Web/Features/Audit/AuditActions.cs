namespace Switchyard.Web.Features.Audit;

/// <summary>The audit actions and entity types of accounts, organizations and members (<c>&lt;entity&gt;.&lt;verb&gt;</c>).</summary>
public static class AuditActions
{
    public const string OrganizationCreated = "organization.created";
    public const string MemberInvited = "member.invited";
    public const string InvitationRevoked = "invitation.revoked";
    public const string InvitationAccepted = "invitation.accepted";
    public const string InvitationDeclined = "invitation.declined";
    public const string MemberRoleChanged = "member.role_changed";
    public const string MemberRemoved = "member.removed";

    public const string OrganizationEntity = "organization";
    public const string InvitationEntity = "invitation";
    public const string MemberEntity = "member";
}
