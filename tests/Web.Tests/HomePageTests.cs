using Microsoft.Playwright;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class HomePageTests(BrowserFixture browser, DashboardServer server)
{
    private static readonly string[] _sections = ["Overview", "Groups", "Connections", "API keys", "Logs", "Analytics", "Audit", "Members"];

    [SkippableFact]
    public async Task Home_AfterCircuitConnects_ShowsEnglishLabelsAndNoScriptErrors()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName());

        await session.GotoAsync("/");

        var page = session.Page;
        await Expect(page).ToHaveTitleAsync("Overview · Switchyard");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link))
            .ToHaveTextAsync(_sections);
        // BootstrapBlazor's own text comes from its resources: under the wrong culture this shows the key "Text".
        await Expect(page.Locator(".empty")).ToHaveTextAsync("No Data");
        await Expect(page.Locator(BrowserSession.CircuitConnectedSelector)).ToHaveTextAsync("Live");
        await session.ScreenshotAsync("home");
        session.ConsoleErrors.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task CounterButton_AfterCircuitConnects_IncrementsOnEveryClick()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName());
        await session.GotoAsync("/");
        var increment = session.Page.GetByTestId("counter-increment");

        await increment.ClickAsync();
        await increment.ClickAsync();
        await increment.ClickAsync();

        await Expect(session.Page.GetByTestId("counter-value")).ToHaveTextAsync("3");
    }

    [SkippableFact]
    public async Task SidebarLink_OnClick_NavigatesWithoutReloadingThePage()
    {
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName());
        await session.GotoAsync("/");
        await session.Page.EvaluateAsync("() => window.loadedOnce = true");

        await session.Page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();

        await Expect(session.Page).ToHaveURLAsync(new Uri(server.BaseAddress, "keys").ToString());
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
        (await session.Page.EvaluateAsync<bool>("() => window.loadedOnce === true")).Should().BeTrue("interactive routing keeps the document");
    }
}
