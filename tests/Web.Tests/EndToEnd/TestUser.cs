using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>A signed-up user of one organization, as the tests arrange them.</summary>
public sealed record TestUser(Guid Id, string Email, Guid OrganizationId, string OrganizationName, MemberRole Role)
{
    /// <summary>Every test user's password (<see cref="PlatformServer.Password"/>); an instance member so tests read <c>user.Password</c>.</summary>
#pragma warning disable CA1822
    public string Password => PlatformServer.Password;
#pragma warning restore CA1822

    public TenantContext Context => new(OrganizationId, OrganizationName, Id, Email, Role);
}
