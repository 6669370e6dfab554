using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Members;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class MembersPageTests(BrowserFixture browser, DashboardServer server)
{
    [SkippableFact]
    public async Task OwnerInvitesAViewer_WhoSignsUpWithThatAddress_AndSeesTheOrganization()
    {
        await using var owner = await browser.NewSessionAsync(server.BaseAddress);
        var organization = AccountSteps.NewOrganizationName("Invite");
        await owner.SignUpAsync(AccountSteps.NewEmail("owner"), organization);
        var viewerEmail = AccountSteps.NewEmail("viewer");

        await owner.GotoAsync("members");
        await owner.Page.GetByLabel("Email address").FillAsync(viewerEmail);
        await owner.Page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("Viewer");
        await owner.Page.GetByTestId("invite-submit").ClickAsync();

        await Expect(Toast(owner, "Invitation sent")).ToBeVisibleAsync();
        var invitation = owner.Page.Locator($"[data-testid=invitation-row][data-email='{viewerEmail}']");
        await Expect(invitation).ToContainTextAsync("Viewer");
        await owner.ScreenshotAsync("members");

        await using var viewer = await browser.NewSessionAsync(server.BaseAddress);
        await viewer.SignUpAsync(viewerEmail, organizationName: null);

        await Expect(viewer.Page.GetByTestId("current-organization")).ToHaveTextAsync(organization);
        await Expect(viewer.Page.GetByTestId("current-role")).ToHaveTextAsync("Viewer");
        await owner.GotoAsync("members");
        await Expect(owner.Page.Locator($"[data-testid=member-row][data-email='{viewerEmail}'] [data-testid=member-role]")).ToHaveValueAsync("Viewer");
        await Expect(owner.Page.GetByTestId("no-invitations")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task Viewer_SeesNoOwnerControls_AndForcingTheInviteFormIsRefusedByTheServer()
    {
        var organization = AccountSteps.NewOrganizationName("Locked");
        var owner = await server.SignUpAsync(AccountSteps.NewEmail("owner"), organization);
        var viewer = await InviteAndJoinAsync(owner, MemberRole.Viewer);
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(viewer.Email);
        await session.GotoAsync("members");
        var page = session.Page;
        await Expect(page.GetByTestId("owners-only")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("invite-submit")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("member-role")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("remove-member")).ToHaveCountAsync(0);
        var target = AccountSteps.NewEmail("smuggled");

        // Re-enable the disabled form in the browser: the click now reaches the server's handler, which must refuse.
        await page.EvaluateAsync("() => document.querySelectorAll('[data-testid=invite-form] [disabled]').forEach(e => e.removeAttribute('disabled'))");
        await page.GetByLabel("Email address").FillAsync(target);
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("Owner");
        await page.GetByTestId("invite-submit").ClickAsync();

        await Expect(Toast(session, "does not allow this action")).ToBeVisibleAsync();
        await using var db = server.OpenDatabase(owner.OrganizationId);
        (await db.Invitations.AnyAsync(i => i.Email == target)).Should().BeFalse();
    }

    [SkippableFact]
    public async Task Owner_ChangesARoleAndRemovesAMember_ButCannotDemoteTheLastOwner()
    {
        var ownerEmail = AccountSteps.NewEmail("owner");
        var owner = await server.SignUpAsync(ownerEmail, AccountSteps.NewOrganizationName("Roles"));
        var member = await InviteAndJoinAsync(owner, MemberRole.Member);
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(ownerEmail);
        await session.GotoAsync("members");
        var page = session.Page;

        await page.GetByLabel($"Role of {member.Email}").SelectOptionAsync("Admin");
        await Expect(Toast(session, $"{member.Email} is now admin")).ToBeVisibleAsync();
        await Expect(page.GetByLabel($"Role of {member.Email}")).ToHaveValueAsync("Admin");

        await page.GetByLabel($"Role of {ownerEmail}").SelectOptionAsync("Viewer");
        await Expect(Toast(session, "must keep at least one owner")).ToBeVisibleAsync();
        await Expect(page.GetByLabel($"Role of {ownerEmail}")).ToHaveValueAsync("Owner");

        await page.GetByLabel($"Remove {member.Email}").ClickAsync();
        await page.GetByTestId("confirm-remove").ClickAsync();
        await Expect(Toast(session, "Member removed")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=member-row][data-email='{member.Email}']")).ToHaveCountAsync(0);
        await using var db = server.OpenDatabase(owner.OrganizationId);
        (await db.Memberships.Where(m => m.UserId == owner.UserId).Select(m => m.Role).SingleAsync()).Should().Be(MemberRole.Owner);
    }

    [SkippableFact]
    public async Task Owner_RevokesAnInvitation_WhichThenNoLongerLetsThatAddressIn()
    {
        var ownerEmail = AccountSteps.NewEmail("owner");
        await server.SignUpAsync(ownerEmail, AccountSteps.NewOrganizationName("Revoke"));
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(ownerEmail);
        await session.GotoAsync("members");
        var invitee = AccountSteps.NewEmail("invitee");
        await session.Page.GetByLabel("Email address").FillAsync(invitee);
        await session.Page.GetByTestId("invite-submit").ClickAsync();
        var row = session.Page.Locator($"[data-testid=invitation-row][data-email='{invitee}']");
        await Expect(row).ToBeVisibleAsync();

        await row.GetByTestId("revoke-invitation").ClickAsync();

        await Expect(Toast(session, "Invitation revoked")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
        await using var newcomer = await browser.NewSessionAsync(server.BaseAddress);
        await newcomer.SubmitSignUpAsync(invitee, organizationName: null);
        await Expect(newcomer.Page.GetByTestId("sign-up-errors")).ToHaveTextAsync("Enter a name for your organization.");
    }

    private static ILocator Toast(BrowserSession session, string text) =>
        session.Page.Locator(".toast").Filter(new() { HasText = text });

    /// <summary>The owner invites a fresh address with <paramref name="role"/> through the member service; that address then signs up.</summary>
    private async Task<TestAccount> InviteAndJoinAsync(TestAccount owner, MemberRole role)
    {
        var email = AccountSteps.NewEmail(role.ToString().ToLowerInvariant());
        await using (var scope = server.SignedInScope(owner))
        {
            await scope.ServiceProvider.GetRequiredService<Features.Members.MemberService>().InviteAsync(email, role);
        }

        var joined = await server.SignUpAsync(email, organizationName: null);
        joined.OrganizationId.Should().Be(owner.OrganizationId);
        return joined;
    }
}
