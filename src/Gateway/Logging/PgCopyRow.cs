using System.Buffers.Binary;
using System.Text;

namespace Switchyard.Gateway.Logging;

/// <summary>
/// Writes one row of PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary
/// Format") into a span the caller sized with <see cref="TextBytes"/> and the fixed sizes below: a field count, then per
/// field a 32-bit length (-1 for NULL) and the value in the type's binary send format, all integers big-endian.
/// <para>
/// The request log writes its batches with this instead of Npgsql's <c>NpgsqlBinaryImporter</c>: that one takes an
/// awaited call per field, which cost the gateway more than a microsecond per request (23 fields; bench/README.md,
/// "Changes and their measured effect"). PostgreSQL still checks every value on receipt (lengths, UTF-8, JSON, ranges)
/// exactly as it checks the importer's.
/// </para>
/// </summary>
internal ref struct PgCopyRow
{
    /// <summary>What the file starts with: signature, flags (no OIDs), header extension length.</summary>
    public static ReadOnlySpan<byte> Header =>
    [
        (byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff, (byte)'\r', (byte)'\n', 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
    ];

    /// <summary>What the file ends with: a field count of -1.</summary>
    public static ReadOnlySpan<byte> Trailer => [0xff, 0xff];

    public const int FieldCountBytes = 2;
    public const int UuidBytes = 4 + 16;
    public const int Int32Bytes = 4 + 4;
    public const int BooleanBytes = 4 + 1;
    public const int TimestampBytes = 4 + 8;
    public const int NullBytes = 4;
    public const int NumericBytes = 4 + PgNumeric.MaxBytes;

    /// <summary>PostgreSQL's epoch, 2000-01-01 UTC, in .NET ticks.</summary>
    private const long PostgresEpochTicks = 630_822_816_000_000_000;

    // Strict, as Npgsql's: a string that is not valid UTF-16 (a lone surrogate) fails the row instead of being altered.
    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Span<byte> _destination;
    private int _position;

    public PgCopyRow(Span<byte> destination, short fieldCount)
    {
        _destination = destination;
        BinaryPrimitives.WriteInt16BigEndian(destination, fieldCount);
        _position = FieldCountBytes;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _position;

    /// <summary>The most a text (or jsonb) field of <paramref name="value"/> takes, length word included.</summary>
    public static int TextBytes(string? value) => value is null ? NullBytes : 4 + 1 + _utf8.GetMaxByteCount(value.Length);

    public void Null() => WriteLength(-1);

    public void Uuid(Guid value)
    {
        WriteLength(16);
        value.TryWriteBytes(_destination[_position..], bigEndian: true, out _);
        _position += 16;
    }

    public void Uuid(Guid? value)
    {
        if (value is { } present)
        {
            Uuid(present);
        }
        else
        {
            Null();
        }
    }

    public void Int32(int value)
    {
        WriteLength(4);
        BinaryPrimitives.WriteInt32BigEndian(_destination[_position..], value);
        _position += 4;
    }

    public void Int32(int? value)
    {
        if (value is { } present)
        {
            Int32(present);
        }
        else
        {
            Null();
        }
    }

    public void Boolean(bool value)
    {
        WriteLength(1);
        _destination[_position++] = value ? (byte)1 : (byte)0;
    }

    /// <summary><c>timestamptz</c>: microseconds since PostgreSQL's epoch, truncated as Npgsql truncates them.</summary>
    public void Timestamp(DateTimeOffset value)
    {
        WriteLength(8);
        BinaryPrimitives.WriteInt64BigEndian(_destination[_position..], (value.UtcTicks - PostgresEpochTicks) / 10);
        _position += 8;
    }

    /// <summary><c>text</c> or <c>varchar</c>: the UTF-8 bytes.</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        var length = _utf8.GetBytes(value, _destination[(_position + 4)..]);
        WriteLength(length);
        _position += length;
    }

    /// <summary><c>jsonb</c>: a format version of 1, then the JSON text, which PostgreSQL parses.</summary>
    public void Jsonb(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        _destination[_position + 4] = 1;
        var length = 1 + _utf8.GetBytes(value, _destination[(_position + 5)..]);
        WriteLength(length);
        _position += length;
    }

    public void Numeric(decimal? value)
    {
        if (value is not { } present)
        {
            Null();
            return;
        }

        var length = PgNumeric.Write(present, _destination[(_position + 4)..]);
        WriteLength(length);
        _position += length;
    }

    private void WriteLength(int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(_destination[_position..], length);
        _position += 4;
    }
}
