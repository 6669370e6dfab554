using System.Buffers.Binary;
using System.Text;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Logging;

/// <summary>
/// Writes PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format") into
/// a pooled buffer: a header, then per row a field count and per field a 32-bit length (-1 for NULL) and the value in
/// the type's binary send format, all integers big-endian, then a trailer. Each field reserves its own room, so no
/// size has to be worked out ahead for a row.
/// <para>
/// The request log writes its batches with this instead of Npgsql's <c>NpgsqlBinaryImporter</c>: that one takes an
/// awaited call per field, which cost the gateway more than a microsecond per request (23 fields; bench/README.md,
/// "Changes and their measured effect"). PostgreSQL still checks every value on receipt (lengths, UTF-8, JSON, ranges)
/// exactly as it checks the importer's.
/// </para>
/// </summary>
internal readonly struct PgCopyWriter(PooledByteBufferWriter destination)
{
    /// <summary>PostgreSQL's epoch, 2000-01-01 UTC, in .NET ticks.</summary>
    private const long PostgresEpochTicks = 630_822_816_000_000_000;

    private const int LengthBytes = 4;

    // Strict, as Npgsql's: a string that is not valid UTF-16 (a lone surrogate) fails the row instead of being altered.
    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Signature, flags (no OIDs), header extension length.</summary>
    private static ReadOnlySpan<byte> Header =>
    [
        (byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff, (byte)'\r', (byte)'\n', 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
    ];

    /// <summary>A field count of -1.</summary>
    private static ReadOnlySpan<byte> Trailer => [0xff, 0xff];

    public void WriteHeader() => Copy(Header);

    public void WriteTrailer() => Copy(Trailer);

    public void StartRow(short fieldCount)
    {
        BinaryPrimitives.WriteInt16BigEndian(destination.GetSpan(2), fieldCount);
        destination.Advance(2);
    }

    public void Null()
    {
        BinaryPrimitives.WriteInt32BigEndian(destination.GetSpan(LengthBytes), -1);
        destination.Advance(LengthBytes);
    }

    public void Uuid(Guid value) => value.TryWriteBytes(Field(16), bigEndian: true, out _);

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

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

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

    public void Boolean(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary><c>timestamptz</c>: microseconds since PostgreSQL's epoch, truncated as Npgsql truncates them.</summary>
    public void Timestamp(DateTimeOffset value) =>
        BinaryPrimitives.WriteInt64BigEndian(Field(8), (value.UtcTicks - PostgresEpochTicks) / 10);

    /// <summary><c>text</c> or <c>varchar</c>: the UTF-8 bytes.</summary>
    public void Text(string? value) => Utf8(value, jsonbVersion: false);

    /// <summary><c>jsonb</c>: a format version of 1, then the JSON text, which PostgreSQL parses.</summary>
    public void Jsonb(string? value) => Utf8(value, jsonbVersion: true);

    public void Numeric(decimal? value)
    {
        if (value is not { } present)
        {
            Null();
            return;
        }

        var span = destination.GetSpan(LengthBytes + PgNumeric.MaxBytes);
        var length = PgNumeric.Write(present, span[LengthBytes..]);
        Commit(span, length);
    }

    private void Utf8(string? value, bool jsonbVersion)
    {
        if (value is null)
        {
            Null();
            return;
        }

        var prefix = jsonbVersion ? 1 : 0;
        var span = destination.GetSpan(LengthBytes + prefix + _utf8.GetMaxByteCount(value.Length));
        if (jsonbVersion)
        {
            span[LengthBytes] = 1;
        }

        Commit(span, prefix + _utf8.GetBytes(value, span[(LengthBytes + prefix)..]));
    }

    /// <summary>Room for a value of a fixed <paramref name="length"/>, its length word already written.</summary>
    private Span<byte> Field(int length)
    {
        var span = destination.GetSpan(LengthBytes + length);
        Commit(span, length);
        return span.Slice(LengthBytes, length);
    }

    /// <summary>Writes the length word in front of a value of <paramref name="length"/> bytes and takes both.</summary>
    private void Commit(Span<byte> span, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        destination.Advance(LengthBytes + length);
    }

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination.GetSpan(bytes.Length));
        destination.Advance(bytes.Length);
    }
}
