using Switchyard.Domain.Tenancy;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>Who is acting, for which organization, with which role. Every dashboard action checks it on the server.</summary>
public sealed record TenantContext(Guid OrganizationId, string OrganizationName, Guid UserId, string Email, MemberRole Role)
{
    public bool CanRead => true;

    /// <summary>Members create and revoke their own API keys.</summary>
    public bool CanManageOwnKeys => Role >= MemberRole.Member;

    /// <summary>Admins manage connections, groups and every key.</summary>
    public bool CanManageConfiguration => Role >= MemberRole.Admin;

    /// <summary>Owners manage members and invitations.</summary>
    public bool CanManageMembers => Role >= MemberRole.Owner;
}
