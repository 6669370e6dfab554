using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// Decodes a chunked request body (RFC 9112 §7.1) from bytes as they arrive: sizes, extensions (skipped), data,
/// trailers (skipped). It never reads past the body's end, so a pipelined next request stays where it is. Malformed
/// framing is a <see cref="ClientBodyException"/>.
/// </summary>
internal struct ChunkedBodyDecoder
{
    /// <summary>A size line (with its extensions) or a trailer line longer than this is refused.</summary>
    private const int MaxLineBytes = 4096;

    /// <summary>All trailer lines together.</summary>
    private const int MaxTrailerBytes = 32 * 1024;

    private State _state;
    private long _chunkRemaining;
    private int _trailerBytes;

    private enum State
    {
        Size = 0,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    public readonly bool IsDone => _state == State.Done;

    public void Reset() => this = default;

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="destination"/>. Returns the bytes written; sets
    /// <paramref name="consumed"/> to the input used. Zero written with the body not done means more input is needed.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> destination, out int consumed)
    {
        consumed = 0;
        var written = 0;
        while (_state != State.Done)
        {
            var available = input[consumed..];
            switch (_state)
            {
                case State.Size:
                {
                    var lineEnd = available.IndexOf("\r\n"u8);
                    if (lineEnd < 0)
                    {
                        ThrowIf(available.Length > MaxLineBytes, "A chunk size line is too long.");
                        return written;
                    }

                    ThrowIf(lineEnd > MaxLineBytes, "A chunk size line is too long.");
                    _chunkRemaining = ParseSize(available[..lineEnd]);
                    consumed += lineEnd + 2;
                    _state = _chunkRemaining == 0 ? State.Trailer : State.Data;
                    break;
                }

                case State.Data:
                {
                    if (available.IsEmpty || written == destination.Length)
                    {
                        return written;
                    }

                    var count = (int)Math.Min(Math.Min(available.Length, destination.Length - written), _chunkRemaining);
                    available[..count].CopyTo(destination[written..]);
                    written += count;
                    consumed += count;
                    _chunkRemaining -= count;
                    if (_chunkRemaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    break;
                }

                case State.DataEnd:
                    if (available.Length < 2)
                    {
                        return written;
                    }

                    ThrowIf(available[0] != '\r' || available[1] != '\n', "A chunk's data is not followed by CRLF.");
                    consumed += 2;
                    _state = State.Size;
                    break;

                case State.Trailer:
                {
                    var lineEnd = available.IndexOf("\r\n"u8);
                    if (lineEnd < 0)
                    {
                        ThrowIf(_trailerBytes + available.Length > MaxTrailerBytes, "The request's trailers are too large.");
                        return written;
                    }

                    consumed += lineEnd + 2;
                    _trailerBytes += lineEnd + 2;
                    ThrowIf(_trailerBytes > MaxTrailerBytes, "The request's trailers are too large.");
                    if (lineEnd == 0)
                    {
                        _state = State.Done;
                    }

                    break;
                }
            }
        }

        return written;
    }

    /// <summary>Hex digits, then optional whitespace and <c>;extensions</c>, which are ignored.</summary>
    private static long ParseSize(ReadOnlySpan<byte> line)
    {
        long size = 0;
        var digits = 0;
        foreach (var b in line)
        {
            var value = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (value < 0)
            {
                break;
            }

            ThrowIf(++digits > 15, "A chunk is too large.");
            size = (size << 4) | (long)value;
        }

        ThrowIf(digits == 0, "A chunk size is malformed.");
        var rest = line[digits..];
        var ext = rest.TrimStart(" \t"u8);
        ThrowIf(!ext.IsEmpty && ext[0] != ';', "A chunk size is malformed.");
        ThrowIf(rest.IndexOfAnyInRange((byte)0, (byte)0x08) >= 0 || rest.IndexOfAnyInRange((byte)0x0A, (byte)0x1F) >= 0, "A chunk extension is malformed.");
        return size;
    }

    private static void ThrowIf(bool condition, string message)
    {
        if (condition)
        {
            throw new ClientBodyException(400, message);
        }
    }
}
