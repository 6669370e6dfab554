using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data.Keys;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Keys;
using Switchyard.Web.Tests.EndToEnd;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Keys;

/// <summary>The API keys pages in a real browser, with the real gateway honouring what they set.</summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class KeyPagesTests(BrowserFixture browser, PlatformServer platform) : IAsyncLifetime
{
    private TestUser _admin = null!;
    private TestUser _member = null!;
    private TestUser _viewer = null!;
    private string _chat = null!;
    private string _batch = null!;

    public async Task InitializeAsync()
    {
        var org = await platform.CreateOrganizationAsync("Keys org");
        _admin = await platform.CreateUserAsync(org, MemberRole.Admin);
        _member = await platform.CreateUserAsync(org, MemberRole.Member);
        _viewer = await platform.CreateUserAsync(org, MemberRole.Viewer);
        await using var db = platform.OpenDatabase(org);
        var connection = new Connection { OrganizationId = org, Slug = "mock", Kind = ProviderKind.OpenAICompatible, BaseUrl = platform.Mock.OpenAiBaseUrl("name=keys").ToString(), Models = ["gpt-4o-mini"] };
        db.Connections.Add(connection);
        _chat = GroupIds.New();
        _batch = GroupIds.New();
        foreach (var (id, name) in new[] { (_chat, "chat"), (_batch, "batch") })
        {
            var group = new LoadBalanceGroup { OrganizationId = org, PublicId = id, Name = name };
            group.Targets.Add(new GroupTarget { OrganizationId = org, GroupId = group.Id, ConnectionId = connection.Id, Model = "gpt-4o-mini" });
            db.Groups.Add(group);
        }

        await db.SaveChangesAsync();
        await platform.Dashboard.Services.GetRequiredService<Data.Notifications.ConfigChangeNotifier>().NotifyAsync(org);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<BrowserSession> SignedInAsync(TestUser user)
    {
        var session = await browser.NewSessionAsync(platform.DashboardUri);
        await session.SignInAsync(user);
        return session;
    }

    [SkippableFact]
    public async Task CreatingAKey_ShowsItOnceWithCopyAndWarning_ThenOnlyItsLastFour_AndTheGatewayHonoursItsPolicy()
    {
        await using var session = await SignedInAsync(_member);
        await session.AllowClipboardAsync(platform.DashboardUri);
        await session.GotoAsync("keys");
        var page = session.Page;
        await Expect(page.GetByTestId("no-keys")).ToBeVisibleAsync();

        await page.GetByTestId("new-key").ClickAsync();
        await page.GetByTestId("key-name").FillAsync("checkout-service");
        await page.GetByTestId("default-group").SelectOptionAsync(_chat);
        await page.Locator($"[data-testid=allowed-group][data-group-id='{_chat}']").CheckAsync();
        await page.GetByTestId("create-key").ClickAsync();

        var created = page.GetByTestId("created-key");
        await Expect(created).ToContainTextAsync("This is the only time checkout-service is shown in full");
        var key = (await page.GetByTestId("new-key-value").TextContentAsync())!.Trim();
        key.Should().StartWith(ApiKeyHasher.Prefix).And.HaveLength(ApiKeyHasher.Prefix.Length + 43);
        await page.GetByTestId("copy-new-key").ClickAsync();
        await Expect(page.GetByTestId("copy-new-key")).ToContainTextAsync("Copied");
        (await session.ReadClipboardAsync()).Should().Be(key);

        var row = page.GetByTestId("key-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync($"{ApiKeyHasher.Prefix}…{key[^4..]}");
        await Expect(row.GetByTestId("policy-default")).ToHaveTextAsync($"chat ({_chat})");
        await Expect(row.GetByTestId("policy-groups")).ToHaveTextAsync($"chat ({_chat})");
        await Expect(row.GetByTestId("policy-models")).ToHaveTextAsync("all");
        await Expect(row.GetByTestId("last-used")).ToHaveTextAsync("never");
        await session.ScreenshotAsync("keys-created");

        await page.GetByTestId("dismiss-created-key").ClickAsync();
        await Expect(created).ToHaveCountAsync(0);
        (await page.ContentAsync()).Should().NotContain(key);
        await session.GotoAsync("keys");
        (await page.ContentAsync()).Should().NotContain(key);
        (await (await page.APIRequest.GetAsync("keys")).TextAsync()).Should().NotContain(key);

        // The key works at the gateway, goes to its default group, and may not leave its allowed groups.
        var answer = await Eventually.ReturnsAsync(() => platform.GatewayHttp.ChatAsync(key), r => r.StatusCode == HttpStatusCode.OK, what: "the gateway to accept the new key");
        answer.Header("x-switchyard-group").Should().StartWith(_chat);
        answer.Header("x-switchyard-route").Should().StartWith("key_policy");
        var outside = await platform.GatewayHttp.ChatAsync(key, $"\"load_balance_group\":{{\"group_id\":\"{_batch}\"}}");
        outside.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Last used comes from the gateway's request log.
        await using (var handle = platform.ServiceAs<ApiKeyService>(_member))
        {
            await Eventually.ReturnsAsync(async () => (await handle.Service.ListAsync()).Single().LastUsedAt, at => at is not null, what: "the request log entry");
        }

        await session.GotoAsync("keys");
        await Expect(row.GetByTestId("last-used")).ToContainTextAsync("UTC");
        await session.ScreenshotAsync("keys-list");
    }

    [SkippableFact]
    public async Task RevokingAKey_MarksItRevoked_AndTheGatewayStopsAcceptingIt()
    {
        CreatedApiKey created;
        await using (var handle = platform.ServiceAs<ApiKeyService>(_admin))
        {
            created = (await handle.Service.CreateAsync(new ApiKeyForm { Name = "to-revoke", DefaultGroupId = _chat })).Value!;
        }

        await Eventually.ReturnsAsync(() => platform.GatewayHttp.ChatAsync(created.Plaintext), r => r.StatusCode == HttpStatusCode.OK, what: "the key to work");
        await using var session = await SignedInAsync(_admin);
        await session.GotoAsync("keys");
        var row = session.Page.Locator($"[data-testid=key-row][data-key-id='{created.Key.Id}']");

        await row.GetByTestId("revoke-key").ClickAsync();
        await row.GetByTestId("revoke-key-confirm").ClickAsync();

        await Expect(session.Toast("Key 'to-revoke' revoked")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("key-status")).ToHaveTextAsync("Revoked");
        await Expect(row.GetByTestId("revoke-key")).ToHaveCountAsync(0);
        await Eventually.ReturnsAsync(() => platform.GatewayHttp.ChatAsync(created.Plaintext), r => r.StatusCode == HttpStatusCode.Unauthorized,
            within: TimeSpan.FromSeconds(3), what: "the gateway to refuse the revoked key");
    }

    [SkippableFact]
    public async Task Members_ManageOnlyTheirOwnKeys_ViewersNone()
    {
        Guid adminsKey;
        await using (var handle = platform.ServiceAs<ApiKeyService>(_admin))
        {
            adminsKey = (await handle.Service.CreateAsync(new ApiKeyForm { Name = "admins-key" })).Value!.Key.Id;
        }

        Guid membersKey;
        await using (var handle = platform.ServiceAs<ApiKeyService>(_member))
        {
            membersKey = (await handle.Service.CreateAsync(new ApiKeyForm { Name = "members-key" })).Value!.Key.Id;
        }

        await using (var member = await SignedInAsync(_member))
        {
            await member.GotoAsync("keys");
            await Expect(member.Page.Locator($"[data-key-id='{adminsKey}']").GetByTestId("revoke-key")).ToHaveCountAsync(0);
            await Expect(member.Page.Locator($"[data-key-id='{membersKey}']").GetByTestId("revoke-key")).ToHaveCountAsync(1);
            await member.GotoAsync($"keys/{adminsKey}");
            await Expect(member.Page.GetByTestId("read-only")).ToBeVisibleAsync();
            await Expect(member.Page.GetByTestId("save-key")).ToHaveCountAsync(0);
        }

        await using var viewer = await SignedInAsync(_viewer);
        await viewer.GotoAsync("keys");
        await Expect(viewer.Page.GetByTestId("key-row").First).ToBeVisibleAsync();
        await Expect(viewer.Page.GetByTestId("new-key")).ToHaveCountAsync(0);
        await Expect(viewer.Page.GetByTestId("revoke-key")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task KeyPage_EditingThePolicy_IsSavedAndShown()
    {
        Guid id;
        await using (var handle = platform.ServiceAs<ApiKeyService>(_admin))
        {
            id = (await handle.Service.CreateAsync(new ApiKeyForm { Name = "policy-edit" })).Value!.Key.Id;
        }

        await using var session = await SignedInAsync(_admin);
        await session.GotoAsync($"keys/{id}");
        var page = session.Page;
        await Expect(page.GetByTestId("key-title")).ToHaveTextAsync("policy-edit");

        await page.GetByTestId("allowed-models").FillAsync("nosuch/model");
        await page.GetByTestId("save-key").ClickAsync();
        await Expect(page.Locator("[data-field-error=allowed_models]")).ToContainTextAsync("'nosuch/model' must be <connection-slug>/<model>");

        await page.GetByTestId("allowed-models").FillAsync("mock/gpt-4o-mini");
        await page.GetByTestId("default-group").SelectOptionAsync(_batch);
        await page.GetByTestId("save-key").ClickAsync();
        await Expect(session.Toast("API key saved")).ToBeVisibleAsync();

        await session.GotoAsync("keys");
        var row = page.Locator($"[data-key-id='{id}']");
        await Expect(row.GetByTestId("policy-default")).ToHaveTextAsync($"batch ({_batch})");
        await Expect(row.GetByTestId("policy-models")).ToHaveTextAsync("mock/gpt-4o-mini");
    }
}
