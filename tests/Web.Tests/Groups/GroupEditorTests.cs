using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Tests.EndToEnd;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Groups;

/// <summary>The group pages in a real browser against the real dashboard and database.</summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class GroupEditorTests(BrowserFixture browser, PlatformServer platform) : IAsyncLifetime
{
    private TestUser _admin = null!;
    private TestUser _viewer = null!;
    private Connection _alpha = null!;
    private Connection _beta = null!;

    public async Task InitializeAsync()
    {
        var org = await platform.CreateOrganizationAsync("Acme");
        _admin = await platform.CreateUserAsync(org, MemberRole.Admin);
        _viewer = await platform.CreateUserAsync(org, MemberRole.Viewer);
        await using var db = platform.OpenDatabase(org);
        _alpha = new Connection { OrganizationId = org, Slug = "openai-main", Kind = ProviderKind.OpenAICompatible, BaseUrl = platform.Mock.OpenAiBaseUrl("name=alpha").ToString(), Models = ["gpt-4o-mini", "gpt-4o"] };
        _beta = new Connection { OrganizationId = org, Slug = "vllm-eu", Kind = ProviderKind.OpenAICompatible, BaseUrl = platform.Mock.OpenAiBaseUrl("name=beta").ToString(), Models = ["gpt-4o"] };
        db.Connections.AddRange(_alpha, _beta);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<BrowserSession> SignedInAsync(TestUser user)
    {
        var session = await browser.NewSessionAsync(platform.DashboardUri);
        await session.SignInAsync(user);
        return session;
    }

    /// <summary>A new group with two targets on the two connections, weights as typed, not yet saved.</summary>
    private static async Task FillNewGroupAsync(IPage page, string name, string weight0, string weight1)
    {
        await page.GetByTestId("group-name").FillAsync(name);
        await Expect(page.GetByTestId("target-row")).ToHaveCountAsync(1);
        await page.GetByTestId("add-target").ClickAsync();
        await Expect(page.GetByTestId("target-row")).ToHaveCountAsync(2);
        await page.GetByTestId("target-weight-0").FillAsync(weight0);
        await page.GetByTestId("target-weight-1").FillAsync(weight1);
    }

    [SkippableFact]
    public async Task NewGroup_TypingWeights_ShowsTheNormalizedSharesAndTheSplitBarLive()
    {
        await using var session = await SignedInAsync(_admin);
        await session.GotoAsync("groups/new");
        var page = session.Page;

        await FillNewGroupAsync(page, "live-shares", "3", "1");

        await Expect(page.GetByTestId("target-connection-0")).ToHaveValueAsync(_alpha.Id.ToString());
        await Expect(page.GetByTestId("target-connection-1")).ToHaveValueAsync(_beta.Id.ToString());
        await Expect(page.GetByTestId("target-share-0")).ToHaveTextAsync("75.0 %");
        await Expect(page.GetByTestId("target-share-1")).ToHaveTextAsync("25.0 %");
        await Expect(page.GetByTestId("share-bar")).ToHaveAttributeAsync("aria-label", "Traffic split: openai-main/gpt-4o-mini 75.0 %, vllm-eu/gpt-4o 25.0 %");

        // Every keystroke counts: "1" then "15" (5 and 1 would be 83.3 % / 16.7 %).
        await page.GetByTestId("target-weight-1").PressSequentiallyAsync("5");
        await Expect(page.GetByTestId("target-share-0")).ToHaveTextAsync("16.7 %");
        await Expect(page.GetByTestId("target-share-1")).ToHaveTextAsync("83.3 %");

        await page.GetByTestId("add-target").ClickAsync();
        await page.GetByTestId("target-weight-2").FillAsync("0");
        await Expect(page.GetByTestId("target-share-2")).ToHaveTextAsync("0.0 %");
        await Expect(page.GetByTestId("target-share-0")).ToHaveTextAsync("16.7 %");
        await session.ScreenshotAsync("group-editor-live-shares");
        session.ConsoleErrors.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task NewGroup_BadInput_ShowsTheMessageNextToTheFieldAndDoesNotSave()
    {
        await using var session = await SignedInAsync(_admin);
        await session.GotoAsync("groups/new");
        var page = session.Page;
        await FillNewGroupAsync(page, "bad-input", "3", "1");
        var weight1Errors = page.Locator("[data-field-error='targets[1].weight']");

        await page.GetByTestId("target-weight-1").FillAsync("-1");
        await Expect(weight1Errors).ToHaveTextAsync("targets[1].weight must be a finite number ≥ 0 (got -1)");
        await Expect(page.GetByTestId("target-weight-1")).ToHaveClassAsync(new Regex("is-invalid"));
        await Expect(page.GetByTestId("target-share-0")).ToHaveTextAsync("100.0 %");

        await page.GetByTestId("target-weight-1").FillAsync("lots");
        await Expect(weight1Errors).ToHaveTextAsync("targets[1].weight must be a number ≥ 0 (got 'lots')");

        await page.GetByTestId("target-weight-0").FillAsync("0");
        await page.GetByTestId("target-weight-1").FillAsync("0");
        await Expect(weight1Errors).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-field-error='targets']")).ToHaveTextAsync("at least one target needs a weight above 0");
        await Expect(page.GetByTestId("share-bar")).ToHaveTextAsync("No traffic: every weight is 0");

        await page.GetByTestId("target-weight-0").FillAsync("1");
        await page.GetByTestId("target-weight-1").FillAsync("1");
        await page.GetByTestId("target-connection-1").SelectOptionAsync(new SelectOptionValue { Label = "openai-main" });
        await page.GetByTestId("target-model-1").FillAsync("gpt-4o-mini");
        await Expect(page.Locator("[data-field-error='targets[1].model']")).ToContainTextAsync("repeats targets[0] (same connection and model)");

        await page.GetByTestId("target-model-0").FillAsync("");
        await Expect(page.Locator("[data-field-error='targets[0].model']")).ToHaveTextAsync("targets[0].model is required");
        await session.ScreenshotAsync("group-editor-validation");

        await page.GetByTestId("save-group").ClickAsync();
        await Expect(session.Toast("Some fields need attention")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Uri(platform.DashboardUri, "groups/new").ToString());
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        (await db.Groups.AnyAsync(g => g.Name == "bad-input")).Should().BeFalse();
    }

    [SkippableFact]
    public async Task SavedGroup_HasItsIdWithCopyButton_SnippetsWithRealValues_ASimulation_AndEverySaveBumpsTheVersion()
    {
        // A readable name: this test takes the README's screenshot.
        var ada = await platform.CreateUserAsync(_admin.OrganizationId, MemberRole.Admin, "ada@acme.example");
        await using var session = await SignedInAsync(ada);
        await session.AllowClipboardAsync(platform.DashboardUri);
        await session.GotoAsync("groups/new");
        var page = session.Page;
        await FillNewGroupAsync(page, "chat-default", "3", "1");
        await page.GetByTestId("sticky-fields").FillAsync("metadata.user_id");
        await page.GetByTestId("fallbacks").FillAsync("openai-main/gpt-4o");
        await page.GetByTestId("fallbacks").PressAsync("Tab");

        await page.GetByTestId("save-group").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/groups/lbg_[0-9A-Za-z]{12}$"));
        await Expect(session.Toast("Group created")).ToBeVisibleAsync();
        var groupId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Expect(page.GetByTestId("group-id")).ToHaveTextAsync(groupId);
        await Expect(page.GetByTestId("group-version")).ToContainTextAsync("Version 1");
        await Expect(page.GetByTestId("target-share-0")).ToHaveTextAsync("75.0 %");

        await page.GetByTestId("copy-group-id").ClickAsync();
        await Expect(page.GetByTestId("copy-group-id")).ToContainTextAsync("Copied");
        (await session.ReadClipboardAsync()).Should().Be(groupId);

        var code = page.GetByTestId("snippet-code");
        var gateway = platform.GatewayUri.ToString().TrimEnd('/');
        await Expect(code).ToContainTextAsync($"curl {gateway}/v1/chat/completions");
        await Expect(code).ToContainTextAsync($"\"group_id\": \"{groupId}\"");
        foreach (var (tab, marker) in new[] { ("python", "extra_body="), ("javascript", "load_balance_group: {"), ("dotnet", "options.Patch.Set") })
        {
            await page.GetByTestId($"snippet-tab-{tab}").ClickAsync();
            await Expect(code).ToHaveAttributeAsync("data-snippet", tab);
            await Expect(code).ToContainTextAsync(marker);
            await Expect(code).ToContainTextAsync(groupId);
            await Expect(code).ToContainTextAsync($"{gateway}/v1");
        }

        await page.GetByTestId("snippet-tab-python").ClickAsync();
        await page.GetByTestId("simulate").ClickAsync();
        var rows = page.GetByTestId("simulation-row");
        await Expect(rows).ToHaveCountAsync(2);
        var counts = new[] { int.Parse(await rows.Nth(0).GetAttributeAsync("data-count") ?? "-1", CultureInfo.InvariantCulture), int.Parse(await rows.Nth(1).GetAttributeAsync("data-count") ?? "-1", CultureInfo.InvariantCulture) };
        counts.Sum().Should().Be(1000);
        counts.Should().OnlyContain(c => c > 0);
        await Expect(rows.Nth(0)).ToContainTextAsync("75.0 %");
        await session.ScreenshotAsync("group-editor-full");
        await ScreenshotForReadmeAsync(session);

        await page.GetByTestId("target-weight-1").FillAsync("2");
        await page.GetByTestId("save-group").ClickAsync();
        await Expect(session.Toast("Group saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("group-version")).ToContainTextAsync("Version 2");
        await Expect(page.GetByTestId("target-share-0")).ToHaveTextAsync("60.0 %");

        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var stored = await db.Groups.AsNoTracking().SingleAsync(g => g.PublicId == groupId);
        stored.Version.Should().Be(2);
        stored.StickyHashFields.Should().Equal("metadata.user_id");
        stored.FallbackModels.Should().Equal("openai-main/gpt-4o");
        stored.Targets.OrderBy(t => t.Position).Select(t => t.Weight).Should().Equal(3, 2);
        session.ConsoleErrors.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Viewer_SeesAReadOnlyEditor_AndCannotSaveEvenByForcingTheFormOrPostingToThePage()
    {
        var groupId = await SeedGroupAsync("viewer-proof");
        await using var session = await SignedInAsync(_viewer);
        await session.GotoAsync($"groups/{groupId}");
        var page = session.Page;
        await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("save-group")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("group-name")).ToBeDisabledAsync();

        // Undo in the browser what the page decided: enable the fields, change the name, submit the form.
        await page.EvaluateAsync("() => document.querySelectorAll('fieldset').forEach(f => f.disabled = false)");
        await page.GetByTestId("group-name").FillAsync("hacked by a viewer");
        await page.EvaluateAsync("() => document.querySelector(\"[data-testid=group-form]\").requestSubmit()");

        await Expect(session.Toast("does not allow this action")).ToBeVisibleAsync();

        // And there is no HTTP write path behind the page either.
        var post = await page.APIRequest.PostAsync($"groups/{groupId}", new() { Form = FormWith(page, "Name", "hacked by a post") });
        post.Status.Should().BeInRange(400, 499);

        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var stored = await db.Groups.AsNoTracking().SingleAsync(g => g.PublicId == groupId);
        stored.Name.Should().Be("viewer-proof");
        stored.Version.Should().Be(1);
    }

    [SkippableFact]
    public async Task GroupList_Search_FiltersByNameOrId_AndLinksToTheEditor()
    {
        var wanted = await SeedGroupAsync("needle-group");
        await SeedGroupAsync("haystack-group");
        await using var session = await SignedInAsync(_viewer);
        await session.GotoAsync("groups");
        var page = session.Page;
        await Expect(page.Locator($"[data-group-id='{wanted}']")).ToBeVisibleAsync();

        await page.GetByTestId("group-search").FillAsync("NEEDLE");

        await Expect(page.GetByTestId("group-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("group-row")).ToHaveAttributeAsync("data-group-id", wanted);
        await session.ScreenshotAsync("groups-list");
        await page.GetByTestId("group-search").FillAsync(wanted[4..10]);
        await Expect(page.GetByTestId("group-row")).ToHaveCountAsync(1);
        await page.GetByTestId("group-search").FillAsync("nothing like this");
        await Expect(page.GetByTestId("no-groups")).ToContainTextAsync("No group matches");

        await page.GetByTestId("group-search").FillAsync("");
        await page.GetByRole(AriaRole.Link, new() { Name = "needle-group" }).ClickAsync();
        await Expect(page.GetByTestId("group-id")).ToHaveTextAsync(wanted);
    }

    /// <summary>
    /// The editor as the README shows it (docs/images/group-editor.png is a copy of this file): one tall viewport
    /// rather than a full-page capture, so the layout's sticky sidebar stays where a user sees it, and no toast on top.
    /// </summary>
    private static async Task ScreenshotForReadmeAsync(BrowserSession session)
    {
        var page = session.Page;
        foreach (var close in await page.Locator(".toast .btn-close").AllAsync())
        {
            await close.ClickAsync();
        }

        await Expect(page.Locator(".toast")).ToHaveCountAsync(0);
        await page.SetViewportSizeAsync(1280, 1700);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.ScreenshotDirectory, "group-editor.png") });
        await page.SetViewportSizeAsync(1280, 800);
    }

    private static IFormData FormWith(IPage page, string name, string value)
    {
        var form = page.APIRequest.CreateFormData();
        form.Set(name, value);
        return form;
    }

    private async Task<string> SeedGroupAsync(string name)
    {
        var publicId = GroupIds.New();
        await using var db = platform.OpenDatabase(_admin.OrganizationId);
        var group = new LoadBalanceGroup { OrganizationId = _admin.OrganizationId, PublicId = publicId, Name = name };
        group.Targets.Add(new GroupTarget { OrganizationId = _admin.OrganizationId, GroupId = group.Id, ConnectionId = _alpha.Id, Model = "gpt-4o-mini", Weight = 1 });
        db.Groups.Add(group);
        await db.SaveChangesAsync();
        return publicId;
    }
}
