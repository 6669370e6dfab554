using Switchyard.Domain.Tenancy;

namespace Switchyard.Web.Features.Tenancy;

/// <summary>How roles read in the dashboard.</summary>
public static class RoleNames
{
    /// <summary>Strongest first, as role pickers list them.</summary>
    public static IReadOnlyList<MemberRole> All { get; } = [MemberRole.Owner, MemberRole.Admin, MemberRole.Member, MemberRole.Viewer];

    public static string Label(MemberRole role) => role switch
    {
        MemberRole.Owner => "Owner",
        MemberRole.Admin => "Admin",
        MemberRole.Member => "Member",
        MemberRole.Viewer => "Viewer",
        _ => role.ToString(),
    };

    public static string Description(MemberRole role) => role switch
    {
        MemberRole.Owner => "manages members, and everything admins do",
        MemberRole.Admin => "manages connections, groups and every API key",
        MemberRole.Member => "reads everything and manages their own API keys",
        MemberRole.Viewer => "reads everything, changes nothing",
        _ => string.Empty,
    };
}
