using Microsoft.Extensions.DependencyInjection;
using Switchyard.Data.Keys;
using Switchyard.Data.Queries;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Tests;

public sealed class ApiKeyTests(DataTestHost host) : IClassFixture<DataTestHost>
{
    [Fact]
    public void Generate_ProducesPrefixedKeyWithSha256HashAndLast4()
    {
        var material = ApiKeyHasher.Generate();
        var other = ApiKeyHasher.Generate();

        material.Plaintext.Should().StartWith(ApiKeyHasher.Prefix).And.HaveLength(ApiKeyHasher.Prefix.Length + 43);
        material.Hash.Should().HaveCount(32).And.Equal(ApiKeyHasher.Hash(material.Plaintext));
        material.Last4.Should().Be(material.Plaintext[^4..]);
        other.Plaintext.Should().NotBe(material.Plaintext);
        Span<byte> hash = stackalloc byte[32];
        ApiKeyHasher.TryHash(material.Plaintext, hash).Should().BeTrue();
        hash.ToArray().Should().Equal(material.Hash);
    }

    [Fact]
    public async Task FindApiKeyAsync_ByHash_FindsOnlyTheMatchingKey_AndStoresNoPlaintext()
    {
        var org = new Organization { Name = "Keys", Slug = $"keys-{Guid.NewGuid():N}"[..16] };
        var material = ApiKeyHasher.Generate();
        var (scope, db) = host.Scoped(org.Id);
        await using (scope)
        {
            db.Organizations.Add(org);
            db.ApiKeys.Add(new ApiKey { OrganizationId = org.Id, Name = "ci", Hash = material.Hash, Last4 = material.Last4 });
            await db.SaveChangesAsync();
        }

        var system = host.Services.GetRequiredService<SystemQueries>();
        var found = await system.FindApiKeyAsync(ApiKeyHasher.Hash(material.Plaintext), CancellationToken.None);
        var wrong = await system.FindApiKeyAsync(ApiKeyHasher.Hash(material.Plaintext + "x"), CancellationToken.None);

        found.Should().NotBeNull();
        found!.OrganizationId.Should().Be(org.Id);
        wrong.Should().BeNull();

        await using var raw = new Npgsql.NpgsqlConnection(host.Database.ConnectionString);
        await raw.OpenAsync();
        await using var dump = new Npgsql.NpgsqlCommand("SELECT string_agg(t::text, '') FROM api_keys t", raw);
        ((string)(await dump.ExecuteScalarAsync())!).Should().NotContain(material.Plaintext[ApiKeyHasher.Prefix.Length..]);
    }
}
