using System.Buffers.Binary;

namespace Switchyard.Gateway.Pipeline;

/// <summary>Request IDs like <c>req_01JD…</c>: sortable by time (UUIDv7) and short enough to paste into a support ticket.</summary>
public static class RequestIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford, lower case
    private const int Length = 4 + 26;

    /// <summary>
    /// A UUIDv7 (48-bit Unix milliseconds, then 74 random bits) in Crockford base32. The random bits need to be unique,
    /// not secret, so they come from <see cref="Random.Shared"/> (per-thread state, no lock, no system call) rather
    /// than <see cref="Guid.CreateVersion7()"/>'s cryptographic source, which took most of the 0.7 µs this used to cost.
    /// </summary>
    public static string New() => New(out _);

    /// <summary>A new request ID, and the same UUIDv7 as a <see cref="Guid"/> (the request log row's key, so the row
    /// needs no second random draw, which <see cref="Guid.CreateVersion7()"/> takes from the system with a syscall).</summary>
    public static string New(out Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16) | ((long)bytes[6] << 8) | bytes[7]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
        uuid = new Guid(bytes, bigEndian: true);
        Span<char> chars = stackalloc char[Length];
        "req_".AsSpan().CopyTo(chars);
        Encode(bytes, chars[4..]);
        return new string(chars);
    }

    /// <summary>128 bits as 26 base32 digits, most significant first (the last digit carries the final 3 bits).</summary>
    private static void Encode(ReadOnlySpan<byte> data, Span<char> destination)
    {
        var bitBuffer = 0;
        var bitCount = 0;
        var index = 0;
        foreach (var b in data)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                destination[index++] = Alphabet[(bitBuffer >> (bitCount - 5)) & 31];
                bitCount -= 5;
            }
        }

        destination[index] = Alphabet[(bitBuffer << (5 - bitCount)) & 31];
    }
}
