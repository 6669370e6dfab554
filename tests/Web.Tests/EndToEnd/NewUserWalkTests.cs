using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>
/// Issue 4's "done when": a new user signs up, adds a connection to the mock provider, builds a 3:1 group, copies its
/// ID, creates a key, and the gateway answers a request that uses them. Everything through the real pages, except
/// the final requests, which an application (and a shell) would send.
/// </summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class NewUserWalkTests(BrowserFixture browser, PlatformServer platform)
{
    private const string ProviderSecret = "sk-walk-provider-key-0001";

    [SkippableFact]
    public async Task NewUser_SignsUp_AddsAConnection_BuildsAGroup_CreatesAKey_AndTheGatewayAnswers()
    {
        await using var session = await browser.NewSessionAsync(platform.DashboardUri);
        await session.AllowClipboardAsync(platform.DashboardUri);
        var page = session.Page;

        // Sign up: a new organization with this user as its owner.
        var email = $"walker-{Guid.NewGuid():N}@example.test";
        await page.GotoAsync("Account/Register");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Organization name").FillAsync("Walkers Inc");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PlatformServer.Password);
        await page.GetByLabel("Confirm password").FillAsync(PlatformServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.OrdinalIgnoreCase), BrowserSession.UrlCommitted);
        await session.WaitForCircuitAsync();

        // A connection pointing at the mock provider, tested before it is saved.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
        await page.GetByTestId("new-connection").ClickAsync();
        await page.GetByTestId("slug").FillAsync("mock");
        await page.GetByTestId("kind").SelectOptionAsync(new SelectOptionValue { Label = "OpenAI-compatible (vLLM, Ollama, Groq, …)" });
        await page.GetByTestId("base-url").FillAsync(platform.Mock.OpenAiBaseUrl("name=walk").ToString());
        await page.GetByTestId("secret").FillAsync(ProviderSecret);
        await page.GetByTestId("models").FillAsync("gpt-4o-mini, gpt-4o");
        await page.GetByTestId("test-connection").ClickAsync();
        await Expect(page.GetByTestId("test-result")).ToHaveAttributeAsync("data-succeeded", "true");
        await page.GetByTestId("save-connection").ClickAsync();
        await Expect(page.GetByTestId("secret-last4")).ToHaveTextAsync("…0001");

        // A group with weights 3 and 1: 75 % / 25 %.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await page.GetByTestId("new-group").ClickAsync();
        await page.GetByTestId("group-name").FillAsync("walk-group");
        await Expect(page.GetByTestId("target-model-0")).ToHaveValueAsync("gpt-4o-mini");
        await page.GetByTestId("target-weight-0").FillAsync("3");
        await page.GetByTestId("add-target").ClickAsync();
        await page.GetByTestId("target-model-1").FillAsync("gpt-4o");
        await page.GetByTestId("target-weight-1").FillAsync("1");
        await Expect(page.GetByTestId("target-share-0")).ToHaveTextAsync("75.0 %");
        await Expect(page.GetByTestId("target-share-1")).ToHaveTextAsync("25.0 %");
        await page.GetByTestId("save-group").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/groups/lbg_[0-9A-Za-z]{12}$"));

        // Copy the group ID, read it back from the clipboard, and check it against the page.
        await page.GetByTestId("copy-group-id").ClickAsync();
        await Expect(page.GetByTestId("copy-group-id")).ToContainTextAsync("Copied");
        var groupId = await session.ReadClipboardAsync();
        groupId.Should().MatchRegex("^lbg_[0-9A-Za-z]{12}$");
        await Expect(page.GetByTestId("group-id")).ToHaveTextAsync(groupId);
        var curlSnippet = (await page.GetByTestId("snippet-code").TextContentAsync())!;

        // An API key, shown once.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByTestId("new-key").ClickAsync();
        await page.GetByTestId("key-name").FillAsync("walk-key");
        await page.GetByTestId("create-key").ClickAsync();
        var key = (await page.GetByTestId("new-key-value").TextContentAsync())!.Trim();

        // The application's request: that key, that group.
        var response = await Eventually.ReturnsAsync(
            () => platform.GatewayHttp.ChatAsync(key, $"\"load_balance_group\":{{\"group_id\":\"{groupId}\"}}"),
            r => r.StatusCode != HttpStatusCode.Unauthorized && r.StatusCode != HttpStatusCode.NotFound,
            what: "the gateway to know the new key and group");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using (var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().NotBeNullOrWhiteSpace();
        }

        response.Header("x-switchyard-group").Should().Be($"{groupId};v=1");
        response.Header("x-switchyard-target").Should().BeOneOf("mock/gpt-4o-mini", "mock/gpt-4o");
        var upstream = platform.Mock.Requests.Snapshot(r => r.Name == "walk" && r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        upstream.Should().NotBeEmpty();
        upstream[^1].Headers["authorization"].Should().Be($"Bearer {ProviderSecret}", "the gateway sends the sealed provider key typed into the dashboard");

        // The curl snippet, pasted into a shell, works as it is.
        var curl = await RunInShellAsync(curlSnippet, key);
        curl.Should().Contain("\"choices\"");

        // Editing the group: the version goes up and the gateway serves the new split within a second.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "walk-group" }).ClickAsync();
        await page.GetByTestId("target-weight-0").FillAsync("0");
        await page.GetByTestId("save-group").ClickAsync();
        await Expect(page.GetByTestId("group-version")).ToContainTextAsync("Version 2");
        var stopwatch = Stopwatch.StartNew();
        var updated = await Eventually.ReturnsAsync(
            () => platform.GatewayHttp.ChatAsync(key, $"\"load_balance_group\":{{\"group_id\":\"{groupId}\"}}"),
            r => r.Header("x-switchyard-group") == $"{groupId};v=2",
            within: TimeSpan.FromSeconds(5),
            what: "the gateway to serve version 2");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1.5), "config edits reach the gateway within about a second");
        updated.Header("x-switchyard-target").Should().Be("mock/gpt-4o");
        session.ConsoleErrors.Should().BeEmpty();
    }

    /// <summary>Runs <paramref name="script"/> with bash, the key in the environment as the snippet expects, and returns its output.</summary>
    private static async Task<string> RunInShellAsync(string script, string key)
    {
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment[Web.Features.Groups.GroupSnippets.KeyVariable] = key;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        process.ExitCode.Should().Be(0, await error);
        return await output;
    }
}
