using System.Text.RegularExpressions;
using Switchyard.Web.Tests.Accounts;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests;

/// <summary>
/// The 9.0 blazor.web.js against the .NET 10 server, when the circuit's connection goes away. Each test holds the
/// client's reconnect request (its negotiate call) until it has checked the reconnect UI, so nothing depends on timing.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ReconnectionTests(BrowserFixture browser)
{
    private const string NegotiateUrl = "**/_blazor/negotiate**";

    [SkippableFact]
    public async Task DroppedConnection_ShowsReconnectUi_ThenResumesTheSameCircuit()
    {
        browser.SkipIfUnavailable();
        await using var server = await DashboardServer.StartAsync();
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName());
        await session.GotoAsync("/");
        var page = session.Page;
        await page.GetByTestId("counter-increment").ClickAsync();
        await page.GetByTestId("counter-increment").ClickAsync();
        await Expect(page.GetByTestId("counter-value")).ToHaveTextAsync("2");
        var reconnect = new TaskCompletionSource();
        await page.RouteAsync(NegotiateUrl, async route =>
        {
            await reconnect.Task;
            await route.ContinueAsync();
        });

        server.DropConnections().Should().BePositive();

        var modal = page.Locator("#components-reconnect-modal");
        await Expect(modal).ToHaveClassAsync(new Regex("components-reconnect-show"));
        await Expect(modal.GetByText("Rejoining the server")).ToBeVisibleAsync();
        await session.ScreenshotAsync("reconnecting");
        reconnect.SetResult();
        await Expect(modal).ToHaveClassAsync(new Regex("components-reconnect-hide"));
        await Expect(modal).ToBeHiddenAsync();
        await page.GetByTestId("counter-increment").ClickAsync();
        await Expect(page.GetByTestId("counter-value")).ToHaveTextAsync("3");
    }

    [SkippableFact]
    public async Task ServerRestart_ReloadsThePage_OntoANewCircuit()
    {
        browser.SkipIfUnavailable();
        await using var server = await DashboardServer.StartAsync();
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName());
        await session.GotoAsync("/");
        var page = session.Page;
        await page.GetByTestId("counter-increment").ClickAsync();
        await Expect(page.GetByTestId("counter-value")).ToHaveTextAsync("1");
        await page.EvaluateAsync("() => window.beforeRestart = true");
        var reconnect = new TaskCompletionSource();
        await page.RouteAsync(NegotiateUrl, async route =>
        {
            await reconnect.Task;
            await route.ContinueAsync();
        });

        await server.RestartAsync();

        await Expect(page.Locator("#components-reconnect-modal")).ToHaveClassAsync(new Regex("components-reconnect-show"));
        reconnect.SetResult();
        // The new server does not know the old circuit, rejects it, and ReconnectModal.razor.js reloads the page.
        await page.WaitForFunctionAsync("() => window.beforeRestart === undefined");
        await session.WaitForCircuitAsync();
        await Expect(page.GetByTestId("counter-value")).ToHaveTextAsync("0");
        await page.GetByTestId("counter-increment").ClickAsync();
        await Expect(page.GetByTestId("counter-value")).ToHaveTextAsync("1");
    }
}
