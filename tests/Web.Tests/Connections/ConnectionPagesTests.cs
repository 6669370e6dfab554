using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Tests.EndToEnd;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Connections;

/// <summary>The connection pages in a real browser: the secret is write-only end to end.</summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class ConnectionPagesTests(BrowserFixture browser, PlatformServer platform) : IAsyncLifetime
{
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        var org = await platform.CreateOrganizationAsync("Connections org");
        _admin = await platform.CreateUserAsync(org, MemberRole.Admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<BrowserSession> SignedInAsync(TestUser user)
    {
        var session = await browser.NewSessionAsync(platform.DashboardUri);
        await session.SignInAsync(user);
        return session;
    }

    private static async Task FillConnectionAsync(IPage page, string slug, Uri baseUrl, string secret, string models = "")
    {
        await page.GetByTestId("slug").FillAsync(slug);
        await page.GetByTestId("kind").SelectOptionAsync(new SelectOptionValue { Label = "OpenAI-compatible (vLLM, Ollama, Groq, …)" });
        await page.GetByTestId("base-url").FillAsync(baseUrl.ToString());
        await page.GetByTestId("secret").FillAsync(secret);
        if (models.Length > 0)
        {
            await page.GetByTestId("models").FillAsync(models);
        }
    }

    [SkippableFact]
    public async Task CreatingAConnection_ShowsOnlyTheLastFour_AndTheSecretNeverReachesTheBrowser()
    {
        var secret = $"sk-proj-{Guid.NewGuid():N}-Zq9X";
        await using var session = await SignedInAsync(_admin);
        var page = session.Page;
        var frames = new WebSocketRecorder(page);
        await session.GotoAsync("connections/new");

        await FillConnectionAsync(page, "openai-main", platform.Mock.OpenAiBaseUrl("name=secretive"), secret, "gpt-4o-mini, gpt-4o");
        await page.GetByTestId("save-connection").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/connections/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("secret-last4")).ToHaveTextAsync("…Zq9X");
        await Expect(page.GetByTestId("replace-secret")).ToBeVisibleAsync();
        await session.ScreenshotAsync("connection-editor");
        var detailUrl = page.Url;
        await session.GotoAsync("connections");
        await Expect(page.Locator("[data-slug='openai-main']").GetByTestId("secret-last4")).ToHaveTextAsync("…Zq9X");
        await session.ScreenshotAsync("connections-list");

        (await page.ContentAsync()).Should().NotContain(secret);
        await session.GotoAsync(detailUrl);
        (await page.ContentAsync()).Should().NotContain(secret);
        foreach (var url in new[] { detailUrl, "connections", "connections/new" })
        {
            var response = await page.APIRequest.GetAsync(url);
            response.Ok.Should().BeTrue();
            var html = await response.TextAsync();
            html.Should().NotContain(secret);
            html.Should().NotContain(secret[^12..], "not even a tail longer than the last four");
        }

        frames.FrameCount.Should().BeGreaterThan(0, "the circuit talked to this page");
        frames.AnyFrameContains("…Zq9X").Should().BeTrue("rendered text travels in these frames, so the recorder would see the secret too");
        frames.AnyFrameContains(secret).Should().BeFalse("the server never sends the secret to the browser, not even as an input's value");
        frames.AnyFrameContains(secret[..16]).Should().BeFalse();
    }

    [SkippableFact]
    public async Task TestConnection_ShowsWhatTheProviderAnswered_ForAGoodAndABadKey()
    {
        await using var session = await SignedInAsync(_admin);
        await session.GotoAsync("connections/new");
        var page = session.Page;
        var guarded = platform.Mock.OpenAiBaseUrl("name=guarded", "require_key=sk-the-right-one", "models=m-one,m-two,m-three");

        await FillConnectionAsync(page, "guarded", guarded, "sk-the-wrong-one");
        await page.GetByTestId("test-connection").ClickAsync();

        var result = page.GetByTestId("test-result");
        await Expect(result).ToHaveAttributeAsync("data-succeeded", "false");
        await Expect(result).ToContainTextAsync("The provider rejected the API key (401)");

        await page.GetByTestId("secret").FillAsync("sk-the-right-one");
        await page.GetByTestId("test-connection").ClickAsync();

        await Expect(result).ToHaveAttributeAsync("data-succeeded", "true");
        await Expect(result).ToContainTextAsync("Connected: the provider lists 3 models.");
        await Expect(page.GetByTestId("test-models")).ToHaveTextAsync("m-one, m-two, m-three");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use these as the model list" }).ClickAsync();
        await Expect(page.GetByTestId("models")).ToHaveValueAsync("m-one, m-two, m-three");
        await session.ScreenshotAsync("connection-test");

        // Saved, the stored key is what a later test uses (nothing typed).
        await page.GetByTestId("save-connection").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/connections/[0-9a-f-]{36}$"));
        await page.GetByTestId("test-connection").ClickAsync();
        await Expect(result).ToHaveAttributeAsync("data-succeeded", "true");
    }

    [SkippableFact]
    public async Task ReplacingTheSecret_IsASeparateAction_AndChangesTheLastFour()
    {
        await using var session = await SignedInAsync(_admin);
        var page = session.Page;
        var frames = new WebSocketRecorder(page);
        await session.GotoAsync("connections/new");
        await FillConnectionAsync(page, "rotating", platform.Mock.OpenAiBaseUrl("name=rotating"), "sk-first-key-AAAA");
        await page.GetByTestId("save-connection").ClickAsync();
        await Expect(page.GetByTestId("secret-last4")).ToHaveTextAsync("…AAAA");
        await Expect(page.GetByTestId("secret")).ToHaveCountAsync(0);

        await page.GetByTestId("replace-secret").ClickAsync();
        await page.GetByTestId("new-secret").FillAsync("sk-second-key-BBBB");
        await page.GetByTestId("save-secret").ClickAsync();

        await Expect(session.Toast("API key replaced")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("secret-last4")).ToHaveTextAsync("…BBBB");
        await Expect(page.GetByTestId("replace-secret-form")).ToHaveCountAsync(0);
        frames.AnyFrameContains("sk-second-key").Should().BeFalse();
        frames.AnyFrameContains("sk-first-key").Should().BeFalse();
    }

    [SkippableFact]
    public async Task AFailedSave_ShowsTheMessageAtTheField_AndKeepsTheTypedKeyForTheNextTry()
    {
        await using var session = await SignedInAsync(_admin);
        await session.GotoAsync("connections/new");
        var page = session.Page;
        await FillConnectionAsync(page, "Bad Slug", platform.Mock.OpenAiBaseUrl("name=retry"), "sk-typed-once-DDDD");
        await page.GetByTestId("base-url").FillAsync("not a url");

        await page.GetByTestId("save-connection").ClickAsync();

        await Expect(page.Locator("[data-field-error=slug]")).ToContainTextAsync("slug must be lower-case letters, digits");
        await Expect(page.Locator("[data-field-error=base_url]")).ToContainTextAsync("base_url must be an absolute http or https URL");
        await Expect(page.Locator("[data-field-error=secret]")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("connection-validation");

        await page.GetByTestId("slug").FillAsync("retry");
        await page.GetByTestId("base-url").FillAsync(platform.Mock.OpenAiBaseUrl("name=retry").ToString());
        await page.GetByTestId("save-connection").ClickAsync();

        await Expect(page.GetByTestId("secret-last4")).ToHaveTextAsync("…DDDD");
    }

    [SkippableFact]
    public async Task DeletingAConnectionUsedByAGroup_SaysWhichGroup_AndKeepsIt()
    {
        await using var session = await SignedInAsync(_admin);
        var page = session.Page;
        await session.GotoAsync("connections/new");
        await FillConnectionAsync(page, "in-use", platform.Mock.OpenAiBaseUrl("name=in-use"), "sk-in-use-CCCC");
        await page.GetByTestId("save-connection").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/connections/[0-9a-f-]{36}$"));
        var connectionId = Guid.Parse(page.Url[^36..]);
        var groupId = GroupIds.New();
        await using (var db = platform.OpenDatabase(_admin.OrganizationId))
        {
            var group = new LoadBalanceGroup { OrganizationId = _admin.OrganizationId, PublicId = groupId, Name = "needs-in-use" };
            group.Targets.Add(new GroupTarget { OrganizationId = _admin.OrganizationId, GroupId = group.Id, ConnectionId = connectionId, Model = "gpt-4o-mini" });
            db.Groups.Add(group);
            await db.SaveChangesAsync();
        }

        await page.GetByTestId("delete-connection").ClickAsync();
        await page.GetByTestId("delete-connection-confirm").ClickAsync();

        await Expect(session.Toast($"Connection 'in-use' is used by group needs-in-use ({groupId})")).ToBeVisibleAsync();
        await session.ScreenshotAsync("connection-delete-in-use");
        await using (var db = platform.OpenDatabase(_admin.OrganizationId))
        {
            (await db.Connections.AnyAsync(c => c.Id == connectionId)).Should().BeTrue();
        }
    }
}
