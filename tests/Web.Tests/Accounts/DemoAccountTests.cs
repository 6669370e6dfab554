using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data.Secrets;
using Switchyard.Data.Seeding;
using Switchyard.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.Web.Tests.Accounts;

/// <summary>The account <c>./run.sh</c> seeds (straight into the database) signs in like any other.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class DemoAccountTests(BrowserFixture browser, DashboardServer server)
{
    [SkippableFact]
    public async Task SeededDemoOwner_SignsIn_AndLandsInTheDemoOrganization()
    {
        browser.SkipIfUnavailable();
        var options = new DemoSeedOptions
        {
            Email = AccountSteps.NewEmail("demo"),
            Password = "demo-password-2024",
            OrganizationName = AccountSteps.NewOrganizationName("Demo"),
            OrganizationSlug = $"demo-{Guid.NewGuid():N}"[..20],
        };
        await using (var db = server.OpenDatabase(null))
        {
            await new DemoSeeder(db, server.Services.GetRequiredService<ConnectionSecrets>()).SeedAsync(options);
        }

        await using var session = await browser.NewSessionAsync(server.BaseAddress);
        await session.SignInAsync(options.Email, options.Password);

        await Expect(session.Page.GetByTestId("current-organization")).ToHaveTextAsync(options.OrganizationName);
        await Expect(session.Page.GetByTestId("current-role")).ToHaveTextAsync("Owner");
    }
}
