using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data.Secrets;
using Switchyard.Data.Seeding;

namespace Switchyard.Data.Tests;

public sealed class DemoSeederTests(DataTestHost host) : IClassFixture<DataTestHost>
{
    [Fact]
    public async Task SeedAsync_Twice_IsIdempotent_KeepsTheKey_AndFollowsTheUpstream()
    {
        var first = await SeedAsync(new DemoSeedOptions { Password = "pw-1-Aa!", MockUrl = "http://127.0.0.1:9090" });
        var second = await SeedAsync(new DemoSeedOptions { Password = "pw-1-Aa!", Upstream = "http://127.0.0.1:7777/", ExistingApiKey = first.ApiKey });

        second.OrganizationId.Should().Be(first.OrganizationId);
        second.GroupId.Should().Be(first.GroupId).And.StartWith("lbg_");
        second.ApiKey.Should().Be(first.ApiKey);
        first.Created.Should().BeTrue();
        second.Created.Should().BeFalse();

        var (scope, db) = host.Scoped(first.OrganizationId);
        await using (scope)
        {
            (await db.Organizations.CountAsync(o => o.Slug == "demo")).Should().Be(1);
            var connections = await db.Connections.ToListAsync();
            connections.Should().HaveCount(3);
            connections.Single(c => c.Slug == DemoSeeder.PrimarySlug).BaseUrl.Should().Be("http://127.0.0.1:7777/v1");
            connections.Single(c => c.Slug == DemoSeeder.FlakySlug).BaseUrl.Should().Be("http://127.0.0.1:7777/v1", "only the mock fails on request");
            var group = await db.Groups.SingleAsync(g => g.PublicId == first.GroupId);
            group.Targets.Select(t => t.Weight).Should().BeEquivalentTo([70d, 30d]);
            (await db.ApiKeys.CountAsync()).Should().Be(1);
            host.Services.GetRequiredService<ConnectionSecrets>().Open(connections[0]).Should().StartWith("mock-key-");
        }
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:9090/v1", "http://127.0.0.1:9090/x/fail=503@0.3/name=flaky/v1")]
    [InlineData("http://127.0.0.1:8081", "http://127.0.0.1:8081/v1", "http://127.0.0.1:8081/v1")]
    [InlineData("https://api.example.com/v1/", "https://api.example.com/v1", "https://api.example.com/v1")]
    [InlineData("https://host/openai/v1", "https://host/openai/v1", "https://host/openai/v1")]
    public void ConnectionUrls_TheMockGetsAFlakyPath_AnotherUpstreamItsBaseUrl(string? upstream, string plain, string flaky)
    {
        var urls = DemoSeeder.ConnectionUrls(new DemoSeedOptions { Password = "x", MockUrl = "http://127.0.0.1:9090/", Upstream = upstream });

        urls.Should().Be((plain, flaky));
    }

    [Fact]
    public async Task SeedAsync_UnknownExistingKey_IssuesANewOne()
    {
        var seeded = await SeedAsync(new DemoSeedOptions { Password = "pw-2-Aa!", OrganizationSlug = "demo2", Email = "d2@x.test", ExistingApiKey = "sk-swy-not-a-real-key" });

        seeded.ApiKey.Should().StartWith("sk-swy-").And.NotBe("sk-swy-not-a-real-key");
    }

    private async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options)
    {
        var (scope, db) = host.Scoped(null);
        await using (scope)
        {
            return await new DemoSeeder(db, scope.ServiceProvider.GetRequiredService<ConnectionSecrets>()).SeedAsync(options);
        }
    }
}
