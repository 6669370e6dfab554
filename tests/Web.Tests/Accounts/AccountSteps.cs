using Microsoft.Playwright;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Accounts;

/// <summary>The account steps a new user takes in the browser, shared by every test that needs a signed-in user.</summary>
public static class AccountSteps
{
    /// <summary>Meets the password rules (10+ characters, a digit, a lower-case letter, 5 distinct characters).</summary>
    public const string Password = "Correct-Horse-42-battery!";

    /// <summary>A fresh address, so tests sharing one dashboard never collide.</summary>
    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.test";

    /// <summary>A fresh organization name.</summary>
    public static string NewOrganizationName(string prefix = "Org") => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Fills and posts the sign-up form; <paramref name="organizationName"/> may be null for an invited user.</summary>
    public static async Task SubmitSignUpAsync(this BrowserSession session, string email, string? organizationName, string password = Password)
    {
        ArgumentNullException.ThrowIfNull(session);
        var page = session.Page;
        await page.GotoAsync("Account/Register");
        await page.GetByLabel("Email").FillAsync(email);
        if (organizationName is not null)
        {
            await page.GetByLabel("Organization name").FillAsync(organizationName);
        }

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
    }

    /// <summary>Signs up and waits until the dashboard is live for the new user.</summary>
    public static async Task SignUpAsync(this BrowserSession session, string email, string? organizationName, string password = Password)
    {
        await session.SubmitSignUpAsync(email, organizationName, password);
        await session.WaitForDashboardAsync();
    }

    /// <summary>Fills and posts the sign-in form.</summary>
    public static async Task SubmitSignInAsync(this BrowserSession session, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(session);
        var page = session.Page;
        if (!page.Url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            await page.GotoAsync("Account/Login");
        }

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Signs in and waits until the dashboard is live.</summary>
    public static async Task SignInAsync(this BrowserSession session, string email, string password = Password)
    {
        await session.SubmitSignInAsync(email, password);
        await session.WaitForDashboardAsync();
    }

    /// <summary>Signs out with the header's button and waits for the sign-in page.</summary>
    public static async Task SignOutAsync(this BrowserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Page.GetByTestId("sign-out").ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Waits until a dashboard page (not an account page) is interactive.</summary>
    public static async Task WaitForDashboardAsync(this BrowserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Page.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.OrdinalIgnoreCase), BrowserSession.UrlCommitted);
        await session.WaitForCircuitAsync();
    }
}
