namespace Switchyard.Domain.Tenancy;

/// <summary>Roles in ascending order of power; comparisons such as <c>role &gt;= MemberRole.Admin</c> are meaningful.</summary>
public enum MemberRole
{
    Viewer = 0,
    Member = 1,
    Admin = 2,
    Owner = 3,
}
