using Microsoft.Extensions.DependencyInjection;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Audit;
using Switchyard.Web.Features.Members;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Tenancy;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class TenantIsolationTests(BrowserFixture browser, DashboardServer server)
{
    [SkippableFact]
    public async Task UserOfOrganizationB_OnTheAuditPage_SeesNoneOfOrganizationAsEvents()
    {
        var alice = await server.SignUpAsync(AccountSteps.NewEmail("alice"), AccountSteps.NewOrganizationName("Alpha"));
        var secretInvitee = AccountSteps.NewEmail("alpha-only");
        await using (var scope = server.SignedInScope(alice))
        {
            await scope.ServiceProvider.GetRequiredService<MemberService>().InviteAsync(secretInvitee, MemberRole.Admin);
        }

        var bobEmail = AccountSteps.NewEmail("bob");
        await server.SignUpAsync(bobEmail, AccountSteps.NewOrganizationName("Beta"));
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(bobEmail);

        await session.GotoAsync($"audit?user={Uri.EscapeDataString(alice.Email)}");
        await Expect(session.Page.GetByTestId("audit-empty")).ToBeVisibleAsync();
        await session.GotoAsync("audit");

        var page = session.Page;
        await Expect(page.GetByTestId("audit-action")).ToHaveTextAsync(["organization.created"]);
        var html = await page.ContentAsync();
        html.Should().NotContain(secretInvitee).And.NotContain(alice.Email).And.NotContain(alice.OrganizationId.ToString());
        await Expect(page.Locator("#filter-user option")).ToHaveTextAsync(["Anyone", bobEmail]);
    }

    [Fact]
    public async Task AuditQueries_AlwaysFollowTheCallersOrganization()
    {
        var alice = await server.SignUpAsync(AccountSteps.NewEmail("alice"), AccountSteps.NewOrganizationName("Alpha"));
        var bob = await server.SignUpAsync(AccountSteps.NewEmail("bob"), AccountSteps.NewOrganizationName("Beta"));
        await using var scope = server.SignedInScope(bob);
        var audit = scope.ServiceProvider.GetRequiredService<AuditQueryService>();

        var all = await audit.SearchAsync(new AuditFilter(), page: 1, pageSize: 100);
        var byAlice = await audit.SearchAsync(new AuditFilter(UserEmail: alice.Email), page: 1, pageSize: 100);

        all.Items.Should().ContainSingle().Which.EntityId.Should().Be(bob.OrganizationId.ToString());
        byAlice.TotalCount.Should().Be(0);
    }
}
