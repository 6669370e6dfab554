using Microsoft.Playwright;
using Switchyard.Domain.Tenancy;
using Switchyard.Web.Features.Connections;
using Switchyard.Web.Features.Groups;
using Switchyard.Web.Features.Keys;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>A user of organization B who knows (or guesses) the URLs of organization A's things sees nothing of them.</summary>
[Collection(PlatformCollectionDefinition.Name)]
public sealed class TenantIsolationTests(BrowserFixture browser, PlatformServer platform)
{
    [SkippableFact]
    public async Task UserOfAnotherOrganization_OpeningGroupKeyAndConnectionUrls_SeesNotFoundAndNoneOfTheirData()
    {
        var ownerA = await platform.CreateUserAsync(await platform.CreateOrganizationAsync("Organization A"), MemberRole.Owner);
        var ownerB = await platform.CreateUserAsync(await platform.CreateOrganizationAsync("Organization B"), MemberRole.Owner);
        ConnectionSummary connection;
        await using (var connections = platform.ServiceAs<ConnectionService>(ownerA))
        {
            connection = (await connections.Service.CreateAsync(new ConnectionForm
            {
                Slug = "a-secret-slug",
                Kind = Domain.Providers.ProviderKind.OpenAICompatible,
                BaseUrl = platform.Mock.OpenAiBaseUrl("name=a").ToString(),
                Secret = "sk-organization-a-0042",
            })).Value!;
        }

        string groupId;
        await using (var groups = platform.ServiceAs<GroupService>(ownerA))
        {
            groupId = (await groups.Service.SaveAsync(new GroupForm
            {
                Name = "a-private-group",
                Targets = [new TargetRow { ConnectionId = connection.Id, Model = "gpt-4o-mini", Weight = "1" }],
            })).Value!.PublicId;
        }

        Guid keyId;
        await using (var keys = platform.ServiceAs<ApiKeyService>(ownerA))
        {
            keyId = (await keys.Service.CreateAsync(new ApiKeyForm { Name = "a-private-key", DefaultGroupId = groupId })).Value!.Key.Id;
        }

        await using var session = await browser.NewSessionAsync(platform.DashboardUri);
        await session.SignInAsync(ownerB);
        var page = session.Page;
        foreach (var (url, heading) in new[]
        {
            ($"groups/{groupId}", "Group not found"),
            ($"keys/{keyId}", "API key not found"),
            ($"connections/{connection.Id}", "Connection not found"),
        })
        {
            await session.GotoAsync(url);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
            var content = await page.ContentAsync();
            content.Should().NotContain("a-private-group").And.NotContain("a-private-key").And.NotContain("a-secret-slug");
            (await (await page.APIRequest.GetAsync(url)).TextAsync()).Should().NotContain("a-private-group").And.NotContain("a-secret-slug");
        }

        await session.ScreenshotAsync("group-not-found");
        await session.GotoAsync("groups");
        await page.GetByTestId("group-search").FillAsync(groupId);
        await Expect(page.GetByTestId("no-groups")).ToBeVisibleAsync();
        await session.GotoAsync("keys");
        await Expect(page.GetByTestId("no-keys")).ToBeVisibleAsync();
        await session.GotoAsync("connections");
        await Expect(page.GetByTestId("no-connections")).ToBeVisibleAsync();
    }
}
