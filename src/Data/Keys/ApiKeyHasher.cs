using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Data.Keys;

/// <summary>
/// Gateway keys look like <c>sk-swy-</c> + 43 base62 characters (≈ 256 bits). Only the SHA-256 hash is stored:
/// the key has full entropy, so a slow password hash would add cost on every request and no safety.
/// </summary>
public static class ApiKeyHasher
{
    public const string Prefix = "sk-swy-";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int RandomLength = 43;

    public static ApiKeyMaterial Generate()
    {
        var plaintext = Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);
        return new ApiKeyMaterial(plaintext, Hash(plaintext), plaintext[^4..]);
    }

    public static byte[] Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Allocation-free hash for the gateway's hot path.</summary>
    public static bool TryHash(ReadOnlySpan<char> key, Span<byte> destination)
    {
        if (destination.Length < SHA256.HashSizeInBytes || key.Length > 512)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        return SHA256.TryHashData(utf8[..length], destination, out _);
    }

    /// <summary>Constant time, so a timing difference never tells how much of a hash matched.</summary>
    public static bool Matches(ReadOnlySpan<byte> storedHash, ReadOnlySpan<byte> candidateHash) =>
        CryptographicOperations.FixedTimeEquals(storedHash, candidateHash);

    public static bool LooksLikeKey(ReadOnlySpan<char> key) => key.StartsWith(Prefix, StringComparison.Ordinal);
}
