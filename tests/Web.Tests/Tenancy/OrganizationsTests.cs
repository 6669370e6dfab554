using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Members;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Tenancy;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class OrganizationsTests(BrowserFixture browser, DashboardServer server)
{
    [SkippableFact]
    public async Task CreatingASecondOrganization_SwitchesToIt_AndTheSwitcherGoesBack()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var first = AccountSteps.NewOrganizationName("First");
        var second = AccountSteps.NewOrganizationName("Second");
        await session.SignUpAsync(AccountSteps.NewEmail(), first);

        await session.GotoAsync("organizations");
        await session.Page.GetByLabel("Name").FillAsync(second);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        // Creating reloads the page: once the new organization shows, wait for the new page's circuit.
        await Expect(session.Page.GetByTestId("current-organization")).ToHaveTextAsync(second);
        await session.WaitForCircuitAsync();

        await session.Page.GetByTestId("org-switcher").ClickAsync();
        await session.Page.GetByRole(AriaRole.Menuitem, new() { Name = first }).ClickAsync();

        await Expect(session.Page.GetByTestId("current-organization")).ToHaveTextAsync(first);
        await session.WaitForCircuitAsync();
        await session.Page.GetByTestId("org-switcher").ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Menuitem, new() { Name = first })).ToBeDisabledAsync();
        await Expect(session.Page.GetByRole(AriaRole.Menuitem, new() { Name = second })).ToBeEnabledAsync();
        await session.ScreenshotAsync("organization-switcher");
    }

    [SkippableFact]
    public async Task ExistingUser_InvitedToAnotherOrganization_AcceptsFromTheBanner()
    {
        var hostOrganization = AccountSteps.NewOrganizationName("Host");
        var host = await server.SignUpAsync(AccountSteps.NewEmail("host"), hostOrganization);
        var guestEmail = AccountSteps.NewEmail("guest");
        var own = AccountSteps.NewOrganizationName("Own");
        await server.SignUpAsync(guestEmail, own);
        await using (var scope = server.SignedInScope(host))
        {
            await scope.ServiceProvider.GetRequiredService<MemberService>().InviteAsync(guestEmail, MemberRole.Admin);
        }

        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(guestEmail);
        await Expect(session.Page.GetByTestId("current-organization")).ToHaveTextAsync(own);
        var banner = session.Page.GetByTestId("invitations-banner");
        await Expect(banner).ToContainTextAsync("invited you as Admin");

        await banner.GetByTestId("accept-invitation").ClickAsync();

        await Expect(session.Page.GetByTestId("invitations-banner")).ToHaveCountAsync(0);
        await Expect(session.Page.GetByTestId("current-organization")).ToHaveTextAsync(hostOrganization);
        await using var db = server.OpenDatabase(host.OrganizationId);
        db.Memberships.Count().Should().Be(2);
        await session.GotoAsync("organizations");
        await Expect(session.Page.GetByTestId("my-organization")).ToHaveCountAsync(2);
    }

    [SkippableFact]
    public async Task Switching_ToAnOrganizationTheUserDoesNotBelongTo_IsRefusedByTheServer()
    {
        var stranger = await server.SignUpAsync(AccountSteps.NewEmail("stranger"), AccountSteps.NewOrganizationName());
        var other = await server.SignUpAsync(AccountSteps.NewEmail("other"), AccountSteps.NewOrganizationName());
        await using var scope = server.SignedInScope(stranger);
        var organizations = scope.ServiceProvider.GetRequiredService<Features.Tenancy.OrganizationService>();

        await FluentActions.Awaiting(() => organizations.SwitchAsync(other.OrganizationId)).Should().ThrowAsync<UnauthorizedAccessException>();

        var tenant = await scope.ServiceProvider.GetRequiredService<Features.Tenancy.ITenantAccess>().GetCurrentAsync();
        tenant!.OrganizationId.Should().Be(stranger.OrganizationId);
    }
}
