using Microsoft.Extensions.DependencyInjection;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Members;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Audit;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class AuditPageTests(BrowserFixture browser, DashboardServer server)
{
    private static readonly string[] _membershipActions =
    [
        "member.removed",
        "invitation.revoked",
        "member.invited",
        "member.role_changed",
        "invitation.accepted",
        "member.invited",
        "organization.created",
    ];

    [SkippableFact]
    public async Task AuditPage_AfterMembershipChanges_ListsEachWithItsBeforeAndAfter()
    {
        var ownerEmail = AccountSteps.NewEmail("owner");
        var owner = await server.SignUpAsync(ownerEmail, AccountSteps.NewOrganizationName("Audited"));
        var memberEmail = AccountSteps.NewEmail("member");
        var revokedEmail = AccountSteps.NewEmail("revoked");
        await AsOwnerAsync(owner, members => members.InviteAsync(memberEmail, MemberRole.Member));
        var member = await server.SignUpAsync(memberEmail, organizationName: null);
        var membershipId = await AsOwnerAsync(owner, async members =>
            (await members.GetAsync()).Members.Single(m => m.UserId == member.UserId).MembershipId);
        await AsOwnerAsync(owner, members => members.ChangeRoleAsync(membershipId, MemberRole.Admin));
        var revoked = await AsOwnerAsync(owner, members => members.InviteAsync(revokedEmail, MemberRole.Viewer));
        await AsOwnerAsync(owner, members => members.RevokeInvitationAsync(revoked.Id));
        await AsOwnerAsync(owner, members => members.RemoveAsync(membershipId));
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(ownerEmail);

        await session.GotoAsync("audit");

        var page = session.Page;
        await Expect(page.GetByTestId("audit-action")).ToHaveTextAsync(_membershipActions);
        var roleChange = page.Locator("[data-testid=audit-row][data-action='member.role_changed']");
        await Expect(roleChange).ToContainTextAsync(ownerEmail);
        await roleChange.GetByTestId("toggle-changes").ClickAsync();
        var role = page.Locator("[data-testid=audit-change][data-field=role]");
        await Expect(role.Locator("td.before")).ToHaveTextAsync("member");
        await Expect(role.Locator("td.after")).ToHaveTextAsync("admin");
        await Expect(page.GetByText("1 unchanged field not shown.")).ToBeVisibleAsync();
        await session.ScreenshotAsync("audit");

        await page.GetByLabel("Action").SelectOptionAsync("invitation.revoked");
        await page.GetByTestId("apply-filters").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, "audit?action=invitation.revoked").ToString());
        await Expect(page.GetByTestId("audit-action")).ToHaveTextAsync(["invitation.revoked"]);
        await page.GetByTestId("toggle-changes").ClickAsync();
        await Expect(page.Locator("[data-testid=audit-change][data-field=email] td.before")).ToHaveTextAsync(revokedEmail);
        await Expect(page.Locator("[data-testid=audit-change][data-field=email] td.after")).ToHaveTextAsync("—");
    }

    [SkippableFact]
    public async Task AuditPage_FilteredByUserAndDate_ShowsOnlyMatchingEvents()
    {
        var ownerEmail = AccountSteps.NewEmail("owner");
        var owner = await server.SignUpAsync(ownerEmail, AccountSteps.NewOrganizationName("Filtered"));
        var joinerEmail = AccountSteps.NewEmail("joiner");
        await AsOwnerAsync(owner, members => members.InviteAsync(joinerEmail, MemberRole.Viewer));
        await server.SignUpAsync(joinerEmail, organizationName: null);
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(ownerEmail);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await session.GotoAsync($"audit?user={Uri.EscapeDataString(joinerEmail)}");
        await Expect(session.Page.GetByTestId("audit-action")).ToHaveTextAsync(["invitation.accepted"]);

        await session.GotoAsync($"audit?from={today}&to={today}");
        await Expect(session.Page.GetByTestId("audit-action")).ToHaveCountAsync(3);

        await session.GotoAsync($"audit?from={tomorrow}");
        await Expect(session.Page.GetByTestId("audit-empty")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task AuditPage_ManyEvents_PagesThroughThemNewestFirst()
    {
        var ownerEmail = AccountSteps.NewEmail("owner");
        var owner = await server.SignUpAsync(ownerEmail, AccountSteps.NewOrganizationName("Paged"));
        for (var i = 0; i < 30; i++)
        {
            await AsOwnerAsync(owner, members => members.InviteAsync(AccountSteps.NewEmail($"bulk{i}"), MemberRole.Viewer));
        }

        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(ownerEmail);
        await session.GotoAsync("audit");
        var page = session.Page;
        await Expect(page.GetByTestId("audit-paging")).ToHaveTextAsync("1–25 of 31 · page 1 of 2");
        await Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(25);

        await page.GetByTestId("next-page").ClickAsync();

        await Expect(page.GetByTestId("audit-paging")).ToHaveTextAsync("26–31 of 31 · page 2 of 2");
        await Expect(page.GetByTestId("audit-row").Last).ToHaveAttributeAsync("data-action", "organization.created");
        await Expect(page.GetByTestId("next-page")).ToBeDisabledAsync();
    }

    private async Task<T> AsOwnerAsync<T>(TestAccount owner, Func<MemberService, Task<T>> action)
    {
        await using var scope = server.SignedInScope(owner);
        return await action(scope.ServiceProvider.GetRequiredService<MemberService>());
    }

    private async Task AsOwnerAsync(TestAccount owner, Func<MemberService, Task> action)
    {
        await using var scope = server.SignedInScope(owner);
        await action(scope.ServiceProvider.GetRequiredService<MemberService>());
    }
}
