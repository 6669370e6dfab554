using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data.Keys;
using Switchyard.Data.Queries;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Tests;

/// <summary>
/// <see cref="SystemQueries"/> reads with plain Npgsql what the rest of the platform writes through EF Core: every
/// entity it returns must equal EF Core's reading of the same rows, every column set to something other than its
/// default, so a column missed or mismapped here fails.
/// </summary>
public sealed class SystemQueriesTests(DataTestHost host) : IClassFixture<DataTestHost>
{
    private SystemQueries Queries => host.Services.GetRequiredService<SystemQueries>();

    [Fact]
    public async Task ReadRoutesAsync_OneOrganization_EqualsEfCoresReading_AndHoldsNothingOfAnother()
    {
        var mine = await SeedOrganizationAsync("mine");
        await SeedOrganizationAsync("other");

        var source = await Queries.ReadRoutesAsync(mine, CancellationToken.None);

        source.OrganizationIds.Should().Equal(mine);
        var (connections, groups) = await ReadWithEfCoreAsync(mine);
        source.Connections.Should().BeEquivalentTo(connections);
        source.Groups.Should().BeEquivalentTo(groups);
        source.Connections.Should().OnlyContain(c => c.OrganizationId == mine);
        source.Groups.SelectMany(g => g.Targets).Should().OnlyContain(t => t.OrganizationId == mine).And.NotBeEmpty();
        source.Groups.Should().OnlyContain(g => g.Targets.Select(t => t.Position).SequenceEqual(g.Targets.Select(t => t.Position).Order()));
    }

    [Fact]
    public async Task ReadRoutesAsync_AllOrganizations_HoldsEachOrganizationsRows()
    {
        var first = await SeedOrganizationAsync("all-1");
        var second = await SeedOrganizationAsync("all-2");

        var source = await Queries.ReadRoutesAsync(null, CancellationToken.None);

        source.OrganizationIds.Should().Contain([first, second]);
        foreach (var organization in new[] { first, second })
        {
            var (connections, groups) = await ReadWithEfCoreAsync(organization);
            source.Connections.Where(c => c.OrganizationId == organization).Should().BeEquivalentTo(connections);
            source.Groups.Where(g => g.OrganizationId == organization).Should().BeEquivalentTo(groups);
        }
    }

    [Fact]
    public async Task ReadRoutesAsync_UnknownOrganization_IsEmpty()
    {
        await SeedOrganizationAsync("known");

        var source = await Queries.ReadRoutesAsync(Guid.NewGuid(), CancellationToken.None);

        source.OrganizationIds.Should().BeEmpty();
        source.Connections.Should().BeEmpty();
        source.Groups.Should().BeEmpty();
    }

    [Fact]
    public async Task FindApiKeyAsync_EqualsEfCoresReading_OfEveryColumn()
    {
        var organization = await SeedOrganizationAsync("keys");
        var material = ApiKeyHasher.Generate();
        var key = new ApiKey
        {
            OrganizationId = organization,
            Name = "every column",
            Hash = material.Hash,
            Last4 = material.Last4,
            CreatedByUserId = Guid.NewGuid(),
            DefaultGroupId = "lbg_default",
            AllowedGroups = ["lbg_a", "lbg_b"],
            AllowedModels = ["main/gpt-4o", "gpt-4o-mini"],
            RpmLimit = 120,
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
            LastUsedAt = DateTimeOffset.UtcNow.AddHours(-1),
            RevokedAt = DateTimeOffset.UtcNow,
        };
        var (scope, db) = host.Scoped(organization);
        await using (scope)
        {
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
        }

        var found = await Queries.FindApiKeyAsync(material.Hash, CancellationToken.None);

        var (check, checkDb) = host.Scoped(null);
        await using (check)
        {
            var expected = await checkDb.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleAsync(k => k.Id == key.Id);
            found.Should().BeEquivalentTo(expected);
            found!.IsRevoked.Should().BeTrue();
            found.Policy.AllowedModels.Should().Equal("main/gpt-4o", "gpt-4o-mini");
        }
    }

    private async Task<(List<Connection> Connections, List<LoadBalanceGroup> Groups)> ReadWithEfCoreAsync(Guid organization)
    {
        var (scope, db) = host.Scoped(null);
        await using (scope)
        {
            var connections = await db.Connections.IgnoreQueryFilters().AsNoTracking().Where(c => c.OrganizationId == organization).ToListAsync();
            var groups = await db.Groups.IgnoreQueryFilters().AsNoTracking().Include(g => g.Targets).Where(g => g.OrganizationId == organization).ToListAsync();
            return (connections, groups);
        }
    }

    /// <summary>An organization whose rows set every column the gateway reads, targets stored out of position order.</summary>
    private async Task<Guid> SeedOrganizationAsync(string tag)
    {
        var org = new Organization { Name = $"Org {tag}", Slug = $"sq-{tag}-{Guid.NewGuid():N}"[..20] };
        var (scope, db) = host.Scoped(org.Id);
        await using (scope)
        {
            db.Organizations.Add(org);
            var openAi = new Connection
            {
                OrganizationId = org.Id,
                Slug = "main",
                Kind = ProviderKind.OpenAICompatible,
                BaseUrl = "http://127.0.0.1:1/v1",
                EncryptedSecret = [1, 2, 3, 4],
                SecretKeyId = "k1",
                SecretLast4 = "abcd",
                Models = ["gpt-4o", "gpt-4o-mini"],
                InputPricePerMillion = 2.5m,
                OutputPricePerMillion = 10.123456m,
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-2),
                UpdatedAt = DateTimeOffset.UtcNow.AddDays(-1),
            };
            var azure = new Connection
            {
                OrganizationId = org.Id,
                Slug = "azure",
                Kind = ProviderKind.AzureOpenAI,
                BaseUrl = "https://example.openai.azure.com",
                AzureResource = "example",
                AzureDeployment = "gpt4o-prod",
                AzureApiVersion = "2024-10-21",
            };
            db.Connections.AddRange(openAi, azure);

            var group = new LoadBalanceGroup
            {
                OrganizationId = org.Id,
                PublicId = GroupIds.New(),
                Name = $"full {tag}",
                Strategy = RoutingStrategy.Hybrid,
                StickyHashFields = ["user", "metadata.session"],
                StickyTtlSeconds = 120,
                FallbackModels = ["azure/gpt-4o"],
                RetryOnStatusCodes = [429, 503],
                RequestTimeoutMs = 30_000,
                FirstByteTimeoutMs = 5_000,
                Version = 7,
            };
            group.Targets.Add(new GroupTarget
            {
                OrganizationId = org.Id, GroupId = group.Id, ConnectionId = azure.Id, Model = "gpt-4o", Weight = 0.3, Position = 1,
                RpmLimit = 60, TpmLimit = 90_000, ParameterOverridesJson = """{"temperature": 0.2, "max_tokens": 100}""",
            });
            group.Targets.Add(new GroupTarget
            {
                OrganizationId = org.Id, GroupId = group.Id, ConnectionId = openAi.Id, Model = "gpt-4o-mini", Weight = 0.7, Position = 0,
            });
            var plain = new LoadBalanceGroup { OrganizationId = org.Id, PublicId = GroupIds.New(), Name = $"plain {tag}" };
            plain.Targets.Add(new GroupTarget { OrganizationId = org.Id, GroupId = plain.Id, ConnectionId = openAi.Id, Model = "gpt-4o", Weight = 1 });
            db.Groups.AddRange(group, plain);
            await db.SaveChangesAsync();
        }

        return org.Id;
    }
}
