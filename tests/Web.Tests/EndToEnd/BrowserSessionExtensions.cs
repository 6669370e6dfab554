using Microsoft.Playwright;
using Switchyard.Web.Tests.Infrastructure;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>Steps the configuration pages' tests share.</summary>
public static class BrowserSessionExtensions
{
    /// <summary>Signs in through the real sign-in page and waits until it has let the user in.</summary>
    public static async Task SignInAsync(this BrowserSession session, TestUser user)
    {
        var page = session.Page;
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email").FillAsync(user.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase), BrowserSession.UrlCommitted);
        await session.WaitForCircuitAsync();
    }

    /// <summary>Lets the page use the clipboard API, so a test can read back what a copy button copied.</summary>
    public static Task AllowClipboardAsync(this BrowserSession session, Uri origin) =>
        session.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = origin.GetLeftPart(UriPartial.Authority) });

    public static Task<string> ReadClipboardAsync(this BrowserSession session) =>
        session.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

    /// <summary>The text of the newest toast (BootstrapBlazor renders them in .toast elements).</summary>
    public static ILocator Toast(this BrowserSession session, string text) =>
        session.Page.Locator(".toast").Filter(new() { HasText = text });
}
