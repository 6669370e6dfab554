using System.Security.Cryptography;

namespace Switchyard.Gateway.Pipeline;

/// <summary>Request IDs like <c>req_01JD…</c>: sortable by time (UUIDv7) and short enough to paste into a support ticket.</summary>
public static class RequestIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7().TryWriteBytes(bytes, bigEndian: true, out _);
        return string.Create(4 + 26, bytes.ToArray(), static (span, data) =>
        {
            "req_".AsSpan().CopyTo(span);
            Base32.Encode(data, span[4..]);
        });
    }

    private static class Base32
    {
        private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford, lower case

        public static void Encode(ReadOnlySpan<byte> data, Span<char> destination)
        {
            var bitBuffer = 0;
            var bitCount = 0;
            var index = 0;
            foreach (var b in data)
            {
                bitBuffer = (bitBuffer << 8) | b;
                bitCount += 8;
                while (bitCount >= 5 && index < destination.Length)
                {
                    destination[index++] = Alphabet[(bitBuffer >> (bitCount - 5)) & 31];
                    bitCount -= 5;
                }
            }

            if (bitCount > 0 && index < destination.Length)
            {
                destination[index++] = Alphabet[(bitBuffer << (5 - bitCount)) & 31];
            }

            while (index < destination.Length)
            {
                destination[index++] = Alphabet[RandomNumberGenerator.GetInt32(32)];
            }
        }
    }
}
