using Switchyard.Domain.Providers;

namespace Switchyard.Data.Secrets;

/// <summary>Seals and opens a connection's provider key; the only place that knows how a connection's secret is bound to it.</summary>
public sealed class ConnectionSecrets(ISecretProtector protector)
{
    public void Seal(Connection connection, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plaintext);
        var sealedSecret = protector.Protect(plaintext, AesGcmSecretProtector.ConnectionContext(connection.Id));
        connection.EncryptedSecret = sealedSecret.Ciphertext;
        connection.SecretKeyId = sealedSecret.KeyId;
        connection.SecretLast4 = plaintext.Length >= 4 ? plaintext[^4..] : new string('•', plaintext.Length);
    }

    public string? Open(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.EncryptedSecret is { } cipher && connection.SecretKeyId is { } keyId
            ? protector.Unprotect(new SealedSecret(cipher, keyId), AesGcmSecretProtector.ConnectionContext(connection.Id))
            : null;
    }
}
