using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Members;
using Switchyard.Web.Features.Tenancy;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;

namespace Switchyard.Web.Tests.Members;

/// <summary>
/// The member rules on the server, through the real <c>TenantAccess</c> of a signed-in scope: what a page could be
/// bypassed into calling must still be refused here.
/// </summary>
public sealed class MemberServiceTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Theory]
    [InlineData(MemberRole.Viewer)]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Admin)]
    public async Task EveryOwnerAction_ByANonOwner_IsRefused(MemberRole role)
    {
        var owner = await server.SignUpAsync(AccountSteps.NewEmail("owner"), AccountSteps.NewOrganizationName());
        var other = await JoinAsync(owner, role);
        var pending = await InviteAsync(owner, AccountSteps.NewEmail("pending"), MemberRole.Viewer);
        var ownerMembership = await MembershipIdAsync(owner);
        await using var scope = server.SignedInScope(other);
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();

        await FluentActions.Awaiting(() => members.InviteAsync(AccountSteps.NewEmail(), MemberRole.Owner)).Should().ThrowAsync<UnauthorizedAccessException>();
        await FluentActions.Awaiting(() => members.ChangeRoleAsync(ownerMembership, MemberRole.Viewer)).Should().ThrowAsync<UnauthorizedAccessException>();
        await FluentActions.Awaiting(() => members.RemoveAsync(ownerMembership)).Should().ThrowAsync<UnauthorizedAccessException>();
        await FluentActions.Awaiting(() => members.RevokeInvitationAsync(pending)).Should().ThrowAsync<UnauthorizedAccessException>();
        var ownMembership = await MembershipIdAsync(other);
        await FluentActions.Awaiting(() => members.ChangeRoleAsync(ownMembership, MemberRole.Owner)).Should().ThrowAsync<UnauthorizedAccessException>();

        await using var db = server.OpenDatabase(owner.OrganizationId);
        (await db.Memberships.CountAsync(m => m.Role == MemberRole.Owner)).Should().Be(1);
        (await db.Invitations.CountAsync(i => i.AcceptedAt == null)).Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_ByAViewer_ListsMembersAndInvitations()
    {
        var owner = await server.SignUpAsync(AccountSteps.NewEmail("owner"), AccountSteps.NewOrganizationName());
        var viewer = await JoinAsync(owner, MemberRole.Viewer);
        await InviteAsync(owner, AccountSteps.NewEmail("pending"), MemberRole.Admin);
        await using var scope = server.SignedInScope(viewer);

        var overview = await scope.ServiceProvider.GetRequiredService<MemberService>().GetAsync();

        overview.Viewer.Role.Should().Be(MemberRole.Viewer);
        overview.Members.Select(m => (m.Email, m.Role)).Should().BeEquivalentTo([(owner.Email, MemberRole.Owner), (viewer.Email, MemberRole.Viewer)]);
        overview.Invitations.Should().ContainSingle().Which.Role.Should().Be(MemberRole.Admin);
    }

    [Fact]
    public async Task TwoOwners_DemotingEachOtherAtOnce_LeaveOneOwner()
    {
        var first = await server.SignUpAsync(AccountSteps.NewEmail("first"), AccountSteps.NewOrganizationName());
        var second = await JoinAsync(first, MemberRole.Owner);
        var firstMembership = await MembershipIdAsync(first);
        var secondMembership = await MembershipIdAsync(second);
        await using var firstScope = server.SignedInScope(first);
        await using var secondScope = server.SignedInScope(second);

        var outcomes = await Task.WhenAll(
            Attempt(() => firstScope.ServiceProvider.GetRequiredService<MemberService>().ChangeRoleAsync(secondMembership, MemberRole.Viewer)),
            Attempt(() => secondScope.ServiceProvider.GetRequiredService<MemberService>().ChangeRoleAsync(firstMembership, MemberRole.Viewer)));

        outcomes.Count(o => o is null).Should().Be(1, "the organization lock serializes the two changes; the second finds its caller demoted");
        outcomes.Single(o => o is not null).Should().BeOfType<UnauthorizedAccessException>();
        await using var db = server.OpenDatabase(first.OrganizationId);
        (await db.Memberships.CountAsync(m => m.Role == MemberRole.Owner)).Should().Be(1);
    }

    [Fact]
    public async Task LastOwner_LeavingOrStepDown_IsRefused()
    {
        var owner = await server.SignUpAsync(AccountSteps.NewEmail("owner"), AccountSteps.NewOrganizationName());
        var membership = await MembershipIdAsync(owner);
        await using var scope = server.SignedInScope(owner);
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();

        await FluentActions.Awaiting(() => members.ChangeRoleAsync(membership, MemberRole.Admin))
            .Should().ThrowAsync<TenancyRuleException>().WithMessage("*at least one owner*");
        await FluentActions.Awaiting(() => members.RemoveAsync(membership))
            .Should().ThrowAsync<TenancyRuleException>().WithMessage("*at least one owner*");
    }

    [Fact]
    public async Task InviteAsync_ExistingMemberOrOpenInvitationOrBadAddress_IsRefused()
    {
        var owner = await server.SignUpAsync(AccountSteps.NewEmail("owner"), AccountSteps.NewOrganizationName());
        var pending = AccountSteps.NewEmail("pending");
        await InviteAsync(owner, pending, MemberRole.Viewer);
        await using var scope = server.SignedInScope(owner);
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();

        await FluentActions.Awaiting(() => members.InviteAsync(owner.Email.ToUpperInvariant(), MemberRole.Admin))
            .Should().ThrowAsync<TenancyRuleException>().WithMessage("*already a member*");
        await FluentActions.Awaiting(() => members.InviteAsync($" {pending} ", MemberRole.Admin))
            .Should().ThrowAsync<TenancyRuleException>().WithMessage("*already been invited*");
        await FluentActions.Awaiting(() => members.InviteAsync("not-an-address", MemberRole.Admin))
            .Should().ThrowAsync<TenancyRuleException>().WithMessage("Enter a valid email address.");
    }

    [Fact]
    public async Task Services_OfAnotherOrganization_CannotTouchItsMembers()
    {
        var alice = await server.SignUpAsync(AccountSteps.NewEmail("alice"), AccountSteps.NewOrganizationName("A"));
        var bob = await server.SignUpAsync(AccountSteps.NewEmail("bob"), AccountSteps.NewOrganizationName("B"));
        var aliceMembership = await MembershipIdAsync(alice);
        var aliceInvitation = await InviteAsync(alice, AccountSteps.NewEmail("x"), MemberRole.Viewer);
        await using var scope = server.SignedInScope(bob);
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();

        // Bob owns his own organization, so the role check passes: the tenant filter is what stops him.
        await FluentActions.Awaiting(() => members.RemoveAsync(aliceMembership)).Should().ThrowAsync<TenancyRuleException>();
        await FluentActions.Awaiting(() => members.RevokeInvitationAsync(aliceInvitation)).Should().ThrowAsync<TenancyRuleException>();
        (await members.GetAsync()).Members.Should().ContainSingle().Which.Email.Should().Be(bob.Email);
        await using var db = server.OpenDatabase(alice.OrganizationId);
        (await db.Memberships.AnyAsync(m => m.Id == aliceMembership)).Should().BeTrue();
        (await db.Invitations.AnyAsync(i => i.Id == aliceInvitation)).Should().BeTrue();
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or TenancyRuleException)
        {
            return e;
        }
    }

    private async Task<Guid> InviteAsync(TestAccount owner, string email, MemberRole role)
    {
        await using var scope = server.SignedInScope(owner);
        return (await scope.ServiceProvider.GetRequiredService<MemberService>().InviteAsync(email, role)).Id;
    }

    private async Task<TestAccount> JoinAsync(TestAccount owner, MemberRole role)
    {
        var email = AccountSteps.NewEmail(role.ToString().ToLowerInvariant());
        await InviteAsync(owner, email, role);
        return await server.SignUpAsync(email, organizationName: null);
    }

    private async Task<Guid> MembershipIdAsync(TestAccount account)
    {
        await using var db = server.OpenDatabase(account.OrganizationId);
        return await db.Memberships.Where(m => m.UserId == account.UserId).Select(m => m.Id).SingleAsync();
    }
}
