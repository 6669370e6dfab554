using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Accounts;

/// <summary>The Data Protection key ring lives in PostgreSQL, so a sign-in cookie outlives the process that issued it.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class SessionPersistenceTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task SignedInUser_AfterTheDashboardRestarts_IsStillSignedIn()
    {
        browser.SkipIfUnavailable();
        await using var server = await DashboardServer.StartAsync();
        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        var organization = AccountSteps.NewOrganizationName();
        await session.SignUpAsync(AccountSteps.NewEmail(), organization);

        await server.RestartAsync();
        await session.GotoAsync("members");

        await Expect(session.Page).ToHaveURLAsync(new Uri(server.BaseAddress, "members").ToString());
        await Expect(session.Page.GetByTestId("current-organization")).ToHaveTextAsync(organization);
    }

    [SkippableFact]
    public async Task StoredKeys_AreSealed_NotPlainXml()
    {
        browser.SkipIfUnavailable();
        await using var server = await DashboardServer.StartAsync();
        await using (var session = await browser.NewSessionAsync(server.BaseAddress))
        {
            await session.SignUpAsync(AccountSteps.NewEmail(), AccountSteps.NewOrganizationName());
        }

        await using var db = server.OpenDatabase(null);
        var keys = db.DataProtectionKeys.Select(k => k.Xml).ToList();

        keys.Should().NotBeEmpty();
        keys.Should().AllSatisfy(xml =>
        {
            xml.Should().Contain("<sealedKey keyId=\"test1\"");
            xml.Should().NotContain("<masterKey", "the key material is sealed with the Secrets master key");
        });
    }
}
