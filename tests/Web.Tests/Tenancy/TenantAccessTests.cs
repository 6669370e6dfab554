using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data.Tenancy;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Members;
using Switchyard.Web.Features.Tenancy;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;

namespace Switchyard.Web.Tests.Tenancy;

public sealed class TenantAccessTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task GetCurrentAsync_SignedIn_ResolvesTheCurrentOrganization_AndScopesTheContext()
    {
        var account = await server.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName());
        await using var scope = server.SignedInScope(account);

        var tenant = await scope.ServiceProvider.GetRequiredService<ITenantAccess>().GetCurrentAsync();

        tenant.Should().BeEquivalentTo(new { account.OrganizationId, UserId = account.UserId, account.Email, Role = MemberRole.Owner });
        scope.ServiceProvider.GetRequiredService<TenantScope>().OrganizationId.Should().Be(account.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<Data.SwitchyardDbContext>();
        (await db.Memberships.Select(m => m.OrganizationId).Distinct().ToListAsync()).Should().Equal(account.OrganizationId);
    }

    [Fact]
    public async Task GetCurrentAsync_Anonymous_IsNull_AndRequireAsyncRefuses()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var provider = (Microsoft.AspNetCore.Components.Authorization.IHostEnvironmentAuthenticationStateProvider)
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(new())));
        var access = scope.ServiceProvider.GetRequiredService<ITenantAccess>();

        (await access.GetCurrentAsync()).Should().BeNull();
        await FluentActions.Awaiting(() => access.RequireAsync(t => t.CanRead)).Should().ThrowAsync<UnauthorizedAccessException>();
        scope.ServiceProvider.GetRequiredService<TenantScope>().OrganizationId.Should().BeNull();
    }

    [Fact]
    public async Task AScope_KeepsActingForItsOrganization_WhenTheUserSwitchesElsewhere()
    {
        var account = await server.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName("A"));
        await using var tab = server.SignedInScope(account);
        var access = tab.ServiceProvider.GetRequiredService<ITenantAccess>();
        (await access.GetCurrentAsync())!.OrganizationId.Should().Be(account.OrganizationId);
        Guid second;
        await using (var otherTab = server.SignedInScope(account))
        {
            second = await otherTab.ServiceProvider.GetRequiredService<OrganizationService>().CreateAsync(AccountSteps.NewOrganizationName("B"));
        }

        (await access.GetCurrentAsync())!.OrganizationId.Should().Be(account.OrganizationId, "this tab still shows organization A");
        await using var newTab = server.SignedInScope(account);
        (await newTab.ServiceProvider.GetRequiredService<ITenantAccess>().GetCurrentAsync())!.OrganizationId.Should().Be(second);
    }

    [Fact]
    public async Task AScope_OfARemovedMember_FailsClosed_InsteadOfFallingBackToAnotherOrganization()
    {
        var owner = await server.SignUpAsync(AccountSteps.NewEmail("owner"), AccountSteps.NewOrganizationName("A"));
        var memberEmail = AccountSteps.NewEmail("member");
        await using (var ownerScope = server.SignedInScope(owner))
        {
            await ownerScope.ServiceProvider.GetRequiredService<MemberService>().InviteAsync(memberEmail, MemberRole.Admin);
        }

        // Signing up with an organization of their own also accepts the pending invitation: they belong to both.
        var member = await server.SignUpAsync(memberEmail, AccountSteps.NewOrganizationName("Own"));
        await using (var memberScope = server.SignedInScope(member))
        {
            await memberScope.ServiceProvider.GetRequiredService<OrganizationService>().SwitchAsync(owner.OrganizationId);
        }

        await using var tab = server.SignedInScope(member);
        var access = tab.ServiceProvider.GetRequiredService<ITenantAccess>();
        (await access.GetCurrentAsync())!.OrganizationId.Should().Be(owner.OrganizationId);
        await using (var ownerScope = server.SignedInScope(owner))
        {
            var members = ownerScope.ServiceProvider.GetRequiredService<MemberService>();
            var membership = (await members.GetAsync()).Members.Single(m => m.UserId == member.UserId);
            await members.RemoveAsync(membership.MembershipId);
        }

        (await access.GetCurrentAsync()).Should().BeNull();
        await FluentActions.Awaiting(() => access.RequireAsync(t => t.CanRead))
            .Should().ThrowAsync<UnauthorizedAccessException>().WithMessage("*no longer a member*");
    }
}
