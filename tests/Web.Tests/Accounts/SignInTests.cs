using Microsoft.Playwright;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Accounts;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class SignInTests(BrowserFixture browser, DashboardServer server)
{
    [SkippableFact]
    public async Task SignUp_NewUser_LandsOnTheDashboardWithTheOrganizationShown()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail("owner");
        var organization = AccountSteps.NewOrganizationName("Acme");

        await session.SignUpAsync(email, organization);

        var page = session.Page;
        await Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("current-organization")).ToHaveTextAsync(organization);
        await Expect(page.GetByTestId("current-role")).ToHaveTextAsync("Owner");
        await Expect(page.GetByTestId("user-email")).ToContainTextAsync(email);
        session.ConsoleErrors.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task SignOut_ThenSignIn_ReturnsToTheSameOrganization()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail();
        var organization = AccountSteps.NewOrganizationName();
        await session.SignUpAsync(email, organization);

        await session.SignOutAsync();
        await Expect(session.Page.GetByTestId("account-status")).ToHaveTextAsync("You have been signed out.");
        await session.ScreenshotAsync("sign-in");
        await session.SignInAsync(email);

        await Expect(session.Page.GetByTestId("current-organization")).ToHaveTextAsync(organization);
    }

    [SkippableFact]
    public async Task SignedOut_OpeningADashboardPage_RedirectsToSignIn_AndBackAfterSigningIn()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail();
        await server.SignUpAsync(email, AccountSteps.NewOrganizationName());

        await session.Page.GotoAsync("members");

        await Expect(session.Page).ToHaveURLAsync(new Uri(server.BaseAddress, "Account/Login?ReturnUrl=%2Fmembers").ToString());
        await session.SignInAsync(email);
        await Expect(session.Page).ToHaveURLAsync(new Uri(server.BaseAddress, "members").ToString());
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Members", Level = 1 })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task SignIn_WrongPassword_ShowsAnErrorAndStaysSignedOut()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail();
        await server.SignUpAsync(email, AccountSteps.NewOrganizationName());

        await session.SubmitSignInAsync(email, "wrong-password-123");

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid email or password.");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await session.ScreenshotAsync("sign-in-wrong-password");
        var home = await session.Page.GotoAsync("/");
        home!.Url.Should().Contain("/Account/Login", "a failed sign-in leaves the user signed out");
    }

    [SkippableFact]
    public async Task SignIn_UnknownEmail_ShowsTheSameErrorAsAWrongPassword()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);

        await session.SubmitSignInAsync(AccountSteps.NewEmail("nobody"), AccountSteps.Password);

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid email or password.");
    }

    [SkippableFact]
    public async Task SignIn_FiveWrongPasswordsInARow_LocksTheAccountEvenForTheRightPassword()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail();
        await server.SignUpAsync(email, AccountSteps.NewOrganizationName());

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await session.SubmitSignInAsync(email, $"wrong-password-{attempt}");
            await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid email or password.");
        }

        await session.SubmitSignInAsync(email, "wrong-password-5");
        await Expect(session.Page.GetByTestId("lockout-message")).ToContainTextAsync("Try again in 5 minutes");

        await session.SubmitSignInAsync(email, AccountSteps.Password);
        await Expect(session.Page).ToHaveURLAsync(new Uri(server.BaseAddress, "Account/Lockout").ToString());
        await Expect(session.Page.GetByTestId("lockout-message")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task SignUp_WeakPassword_ExplainsTheRulesAndCreatesNothing()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail();

        await session.SubmitSignUpAsync(email, AccountSteps.NewOrganizationName(), password: "aaaaaaaaaa");

        var errors = session.Page.GetByTestId("sign-up-errors");
        await Expect(errors).ToContainTextAsync("digit");
        await Expect(errors).ToContainTextAsync("5 different characters");
        await session.SubmitSignInAsync(email, "aaaaaaaaaa");
        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid email or password.");
    }

    [SkippableFact]
    public async Task SignUp_WithoutOrganizationOrInvitation_AsksForAnOrganizationName()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);

        await session.SubmitSignUpAsync(AccountSteps.NewEmail(), organizationName: null);

        await Expect(session.Page.GetByTestId("sign-up-errors")).ToHaveTextAsync("Enter a name for your organization.");
    }

    [SkippableFact]
    public async Task SignUp_EmailAlreadyRegistered_IsRefused()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail();
        await server.SignUpAsync(email, AccountSteps.NewOrganizationName());

        await session.SubmitSignUpAsync(email.ToUpperInvariant(), AccountSteps.NewOrganizationName());

        await Expect(session.Page.GetByTestId("sign-up-errors")).ToContainTextAsync("is already taken");
    }

    [SkippableFact]
    public async Task SignIn_WithForeignReturnUrl_StaysOnTheDashboard()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var email = AccountSteps.NewEmail();
        await server.SignUpAsync(email, AccountSteps.NewOrganizationName());
        await session.Page.GotoAsync("Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F");

        await session.SignInAsync(email);

        await Expect(session.Page).ToHaveURLAsync(server.BaseAddress.ToString());
    }
}
