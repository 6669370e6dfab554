using System.Buffers.Binary;

namespace Switchyard.Gateway.Logging;

/// <summary>
/// A <see cref="decimal"/> in PostgreSQL's binary <c>numeric</c> format (numeric_send): four 16-bit words (digit count,
/// weight, sign, display scale), then the digits in base 10,000, most significant first. The value is
/// Σ digit[i] × 10000^(weight − i). PostgreSQL rounds it to the column's scale on receipt, as it does for any client.
/// </summary>
internal static class PgNumeric
{
    /// <summary>A decimal's 96-bit mantissa, scaled up by at most 10³, has at most 32 decimal digits: 8 base-10,000 digits.</summary>
    public const int MaxBytes = 8 + (2 * 8);

    private const short Positive = 0x0000;
    private const short Negative = 0x4000;

    /// <returns>Bytes written.</returns>
    public static int Write(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];

        // Base-10,000 digits split at the decimal point only when the scale is a multiple of four.
        var padding = (4 - (scale % 4)) % 4;
        for (var i = 0; i < padding; i++)
        {
            mantissa *= 10;
        }

        var fractionDigits = (scale + padding) / 4;

        // Least significant first; trailing zero digits are left out (the weight keeps the magnitude).
        Span<short> digits = stackalloc short[8];
        var count = 0;
        var extracted = 0;
        while (mantissa != 0)
        {
            var digit = (short)(ushort)(mantissa % 10_000);
            mantissa /= 10_000;
            extracted++;
            if (count > 0 || digit != 0)
            {
                digits[count++] = digit;
            }
        }

        var weight = count == 0 ? 0 : extracted - 1 - fractionDigits;
        BinaryPrimitives.WriteInt16BigEndian(destination, (short)count);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)weight);
        BinaryPrimitives.WriteInt16BigEndian(destination[4..], count > 0 && negative ? Negative : Positive);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)scale);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[(8 + (2 * i))..], digits[count - 1 - i]);
        }

        return 8 + (2 * count);
    }
}
