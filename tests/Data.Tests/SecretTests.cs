using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Switchyard.Data.Secrets;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;

namespace Switchyard.Data.Tests;

public sealed class SecretTests(DataTestHost host) : IClassFixture<DataTestHost>
{
    private const string ProviderKey = "sk-proj-VERYSECRET-provider-key-1234";

    [Fact]
    public async Task StoredSecret_IsNotReadableInTheDatabaseRow_ButOpensWithTheMasterKey()
    {
        var org = new Organization { Name = "Secrets", Slug = $"sec-{Guid.NewGuid():N}"[..16] };
        var connection = new Connection { OrganizationId = org.Id, Slug = "openai", BaseUrl = "https://api.openai.com/v1" };
        var secrets = host.Services.GetRequiredService<ConnectionSecrets>();
        var (scope, db) = host.Scoped(org.Id);
        await using (scope)
        {
            db.Organizations.Add(org);
            secrets.Seal(connection, ProviderKey);
            db.Connections.Add(connection);
            await db.SaveChangesAsync();
        }

        await using var raw = new NpgsqlConnection(host.Database.ConnectionString);
        await raw.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT t::text FROM connections t WHERE id = @id", raw);
        read.Parameters.AddWithValue("id", connection.Id);
        var rowText = (string)(await read.ExecuteScalarAsync())!;
        await using var readBytes = new NpgsqlCommand("SELECT encrypted_secret, secret_last4 FROM connections WHERE id = @id", raw);
        readBytes.Parameters.AddWithValue("id", connection.Id);
        await using var reader = await readBytes.ExecuteReaderAsync();
        await reader.ReadAsync();
        var cipher = (byte[])reader[0];

        rowText.Should().NotContain("VERYSECRET");
        Encoding.UTF8.GetString(cipher).Should().NotContain("VERYSECRET");
        Convert.ToHexString(cipher).Should().NotContain(Convert.ToHexString(Encoding.UTF8.GetBytes("VERYSECRET")));
        reader.GetString(1).Should().Be("1234");
        secrets.Open(connection).Should().Be(ProviderKey);
    }

    [Fact]
    public void Ciphertext_MovedToAnotherConnection_FailsToOpen()
    {
        var secrets = host.Services.GetRequiredService<ConnectionSecrets>();
        var a = new Connection { Slug = "a", BaseUrl = "http://a" };
        var b = new Connection { Slug = "b", BaseUrl = "http://b" };
        secrets.Seal(a, ProviderKey);
        b.EncryptedSecret = a.EncryptedSecret;
        b.SecretKeyId = a.SecretKeyId;

        var act = () => secrets.Open(b);

        act.Should().Throw<CryptographicException>();
    }

    [Fact]
    public void MasterKeyRotation_OldSecretsStillOpen_NewOnesUseTheActiveKey()
    {
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var before = new AesGcmSecretProtector(Options.Create(new SecretOptions { ActiveKeyId = "k1", Keys = { ["k1"] = oldKey } }));
        var after = new AesGcmSecretProtector(Options.Create(new SecretOptions { ActiveKeyId = "k2", Keys = { ["k1"] = oldKey, ["k2"] = newKey } }));

        var sealedBefore = before.Protect(ProviderKey, "ctx");
        var sealedAfter = after.Protect(ProviderKey, "ctx");

        sealedBefore.KeyId.Should().Be("k1");
        sealedAfter.KeyId.Should().Be("k2");
        after.Unprotect(sealedBefore, "ctx").Should().Be(ProviderKey);
        var withoutOld = () => before.Unprotect(sealedAfter, "ctx");
        withoutOld.Should().Throw<CryptographicException>().WithMessage("*k2*not configured*");
    }

    [Fact]
    public void Protector_WithoutMasterKey_FailsWithAnActionableMessage()
    {
        var act = () => new AesGcmSecretProtector(Options.Create(new SecretOptions()));

        act.Should().Throw<InvalidOperationException>().WithMessage("*Secrets__ActiveKeyId*");
    }
}
