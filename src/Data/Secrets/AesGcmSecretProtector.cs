using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Switchyard.Data.Secrets;

/// <summary>
/// AES-256-GCM. Layout: version byte (1) | 12-byte nonce | 16-byte tag | ciphertext. The row context
/// (e.g. <c>connection:&lt;id&gt;</c>) is authenticated data: a ciphertext copied to another row fails to open.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public AesGcmSecretProtector(IOptions<SecretOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, base64) in value.Keys)
        {
            _keys[id] = DecodeKey(id, base64);
        }

        if (string.IsNullOrWhiteSpace(value.ActiveKeyId) || !_keys.ContainsKey(value.ActiveKeyId))
        {
            throw new InvalidOperationException(
                "No master key for provider secrets: set Secrets__ActiveKeyId and Secrets__Keys__<id> (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
        }

        _activeKeyId = value.ActiveKeyId;
    }

    public SealedSecret Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderSize + plainBytes.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
        aes.Encrypt(nonce, plainBytes, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(plainBytes);
        return new SealedSecret(output, _activeKeyId);
    }

    public string Unprotect(SealedSecret secret, string context)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!_keys.TryGetValue(secret.KeyId, out var key))
        {
            throw new CryptographicException($"Master key '{secret.KeyId}' is not configured; keep retired keys listed under Secrets:Keys until every secret is re-sealed.");
        }

        var data = secret.Ciphertext;
        if (data.Length < HeaderSize || data[0] != FormatVersion)
        {
            throw new CryptographicException("Unrecognized secret format.");
        }

        var plain = new byte[data.Length - HeaderSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(1, NonceSize), data.AsSpan(HeaderSize), data.AsSpan(1 + NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    public static string ConnectionContext(Guid connectionId) => $"connection:{connectionId:N}";

    private static byte[] DecodeKey(string id, string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Secrets:Keys:{id} is not valid base64.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"Secrets:Keys:{id} must be 32 bytes (got {key.Length}).");
    }
}
