using System.Security.Cryptography;

namespace Switchyard.Domain.Groups;

/// <summary>Public group IDs: <c>lbg_</c> and 12 base62 characters (about 71 bits), hard to guess and easy to copy.</summary>
public static class GroupIds
{
    public const string Prefix = "lbg_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int RandomLength = 12;

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    /// <summary>Shape check only; whether the group exists is for the caller to find out.</summary>
    public static bool LooksLikeGroupId(string? value) =>
        value is { Length: > 4 and <= 64 } && value.StartsWith(Prefix, StringComparison.Ordinal);
}
