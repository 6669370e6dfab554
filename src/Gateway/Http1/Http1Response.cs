using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Text;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// The answer to one request: status, headers and body, framed (Content-Length, chunked, or to the connection's
/// close) and sent on the connection. The body is kept in one pooled buffer behind room for the head, so that the
/// head, the first bytes and the framing leave in a single send. One per connection, reset for each request.
/// </summary>
internal sealed class Http1Response : IBufferWriter<byte>
{
    /// <summary>Room in front of the body for the status line and headers (a larger head is sent on its own).</summary>
    private const int HeadRoom = 2048;

    /// <summary>Room after the body for a chunk's CRLF and the last chunk.</summary>
    private const int TailRoom = 8;

    private const int InitialBodyBytes = 16 * 1024;

    private readonly Http1Connection _connection;
    private readonly List<ResponseHeader> _headers = new(16);
    private byte[]? _buffer;
    private int _end = HeadRoom;
    private Framing _framing;
    private long _bodyWritten;

    public Http1Response(Http1Connection connection) => _connection = connection;

    private enum Framing
    {
        NotStarted = 0,
        NoBody,
        Fixed,
        Chunked,
        ToClose,
    }

    public int StatusCode { get; set; } = 200;

    public long? ContentLength { get; set; }

    public bool HasStarted => _framing != Framing.NotStarted;

    /// <summary>Whether the connection may serve another request after this answer; the connection sets it, framing may clear it.</summary>
    public bool KeepAlive { get; set; }

    /// <summary>The answer cannot be completed cleanly (a send failed, or the body disagreed with its Content-Length): close the connection.</summary>
    public bool Broken { get; private set; }

    /// <summary>Body bytes written and not yet sent.</summary>
    public int Buffered => _end - HeadRoom;

    public IReadOnlyList<ResponseHeader> Headers => _headers;

    public void Reset()
    {
        _headers.Clear();
        StatusCode = 200;
        ContentLength = null;
        _framing = Framing.NotStarted;
        _bodyWritten = 0;
        _end = HeadRoom;
        Broken = false;
    }

    /// <summary>Gives the body buffer back to the pool (between requests, so an idle connection holds none).</summary>
    public void ReleaseBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void SetHeader(string name, string? value, string[]? values)
    {
        if (IsFramingHeader(name))
        {
            // Framing is the server's: what the handler asked for is in ContentLength.
            return;
        }

        var index = IndexOf(name);
        var header = new ResponseHeader(name, value, values);
        if (index >= 0)
        {
            _headers[index] = header;
        }
        else
        {
            _headers.Add(header);
        }
    }

    public bool HasHeader(string name) => IndexOf(name) >= 0;

    public void RemoveHeader(string name)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            _headers.RemoveAt(index);
        }
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_buffer is null || _end + count > _buffer.Length - TailRoom)
        {
            throw new InvalidOperationException("Cannot advance past the end of the buffer.");
        }

        _end += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_end, _buffer!.Length - TailRoom - _end);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_end, _buffer!.Length - TailRoom - _end);
    }

    /// <summary>
    /// Sends the head (the first time) and what the body holds; <paramref name="final"/> also ends the answer (the
    /// last chunk). False when the client is gone or the answer broke; the connection must then close.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> FlushAsync(bool final, CancellationToken cancellationToken)
    {
        if (Broken)
        {
            return false;
        }

        Ensure(0);
        var buffer = _buffer!;
        var firstFlush = _framing == Framing.NotStarted;
        if (firstFlush)
        {
            Start(final);
        }

        var data = _end - HeadRoom;
        var start = HeadRoom;
        var end = _end;
        _bodyWritten += data;
        switch (_framing)
        {
            case Framing.NoBody:
                end = HeadRoom;
                break;
            case Framing.Fixed when _bodyWritten > ContentLength:
                Broken = true;
                return false;
            case Framing.Chunked:
                if (data > 0)
                {
                    start = WriteChunkPrefix(buffer, data);
                    "\r\n"u8.CopyTo(buffer.AsSpan(end));
                    end += 2;
                }

                if (final)
                {
                    "0\r\n\r\n"u8.CopyTo(buffer.AsSpan(end));
                    end += 5;
                }

                break;
        }

        byte[]? separateHead = null;
        var separateLength = 0;
        try
        {
            if (firstFlush)
            {
                var headLength = HeadLength();
                if (headLength <= start)
                {
                    start -= headLength;
                    WriteHeadTo(buffer.AsSpan(start, headLength));
                }
                else
                {
                    separateHead = ArrayPool<byte>.Shared.Rent(headLength);
                    separateLength = headLength;
                    WriteHeadTo(separateHead.AsSpan(0, headLength));
                }
            }

            if (separateHead is not null && !await _connection.SendAsync(separateHead.AsMemory(0, separateLength), cancellationToken))
            {
                Broken = true;
                return false;
            }

            if (end > start && !await _connection.SendAsync(buffer.AsMemory(start, end - start), cancellationToken))
            {
                Broken = true;
                return false;
            }
        }
        finally
        {
            if (separateHead is not null)
            {
                ArrayPool<byte>.Shared.Return(separateHead);
            }
        }

        _end = HeadRoom;
        if (final && _framing == Framing.Fixed && _bodyWritten != ContentLength)
        {
            // Fewer bytes than promised: on a kept connection the client would wait for the rest forever.
            Broken = true;
            return false;
        }

        return true;
    }

    private void Start(bool final)
    {
        // Shutdown may have begun, or the body been left unread, since the request started: say so in this answer.
        KeepAlive &= _connection.CanKeepAlive();
        var noBody = _connection.Head.IsHead || StatusCode is 204 or 304 or (>= 100 and < 200);
        if (noBody)
        {
            _framing = Framing.NoBody;
        }
        else if (ContentLength is not null)
        {
            _framing = Framing.Fixed;
        }
        else if (final)
        {
            _framing = Framing.Fixed;
            ContentLength = _end - HeadRoom;
        }
        else if (_connection.Head.IsHttp11)
        {
            _framing = Framing.Chunked;
        }
        else
        {
            _framing = Framing.ToClose;
            KeepAlive = false;
        }
    }

    /// <summary>Whether the head states a Content-Length: a fixed body, or a HEAD answer that says how long the body would be.</summary>
    private bool StatesLength => _framing is Framing.Fixed || (_framing is Framing.NoBody && ContentLength is not null && _connection.Head.IsHead);

    /// <summary>The head's exact length in bytes (every character of a header is one byte, see <see cref="Latin1"/>).</summary>
    private int HeadLength()
    {
        var length = StatusLines.For(StatusCode).Length + FramingLines().Length + 2;
        if (!HasHeader("Date"))
        {
            length += _connection.Date.Length;
        }

        foreach (var header in _headers)
        {
            if (header.Values is { } values)
            {
                foreach (var value in values)
                {
                    length += header.Name.Length + 4 + value.Length;
                }
            }
            else
            {
                length += header.Name.Length + 4 + (header.Value?.Length ?? 0);
            }
        }

        if (StatesLength)
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(ContentLength!.Value, digits, out var count);
            length += "Content-Length: \r\n"u8.Length + count;
        }

        return length;
    }

    private void WriteHeadTo(Span<byte> destination)
    {
        var position = Append(destination, 0, StatusLines.For(StatusCode));
        if (!HasHeader("Date"))
        {
            position = Append(destination, position, _connection.Date);
        }

        foreach (var header in _headers)
        {
            if (header.Values is { } values)
            {
                foreach (var value in values)
                {
                    position = AppendField(destination, position, header.Name, value);
                }
            }
            else
            {
                position = AppendField(destination, position, header.Name, header.Value ?? string.Empty);
            }
        }

        if (StatesLength)
        {
            position = Append(destination, position, "Content-Length: "u8);
            Utf8Formatter.TryFormat(ContentLength!.Value, destination[position..], out var digits);
            position = Append(destination, position + digits, "\r\n"u8);
        }

        position = Append(destination, position, FramingLines());
        position = Append(destination, position, "\r\n"u8);
        if (position != destination.Length)
        {
            throw new InvalidOperationException($"The response head took {position} bytes, not the {destination.Length} computed.");
        }
    }

    /// <summary>Transfer-Encoding and Connection, as the framing and the connection's fate say.</summary>
    private ReadOnlySpan<byte> FramingLines()
    {
        var chunked = _framing == Framing.Chunked;
        var http11 = _connection.Head.IsHttp11;
        return (chunked, KeepAlive, http11) switch
        {
            (true, true, _) => "Transfer-Encoding: chunked\r\n"u8,
            (true, false, _) => "Transfer-Encoding: chunked\r\nConnection: close\r\n"u8,
            (false, false, true) => "Connection: close\r\n"u8,
            (false, true, false) => "Connection: keep-alive\r\n"u8,
            _ => default,
        };
    }

    private static int AppendField(Span<byte> destination, int position, string name, string value)
    {
        position += Latin1(name, destination[position..]);
        position = Append(destination, position, ": "u8);
        position += Latin1(value, destination[position..]);
        return Append(destination, position, "\r\n"u8);
    }

    /// <summary>
    /// Latin-1, as HTTP/1.1 header values are (a value HttpClient decoded from an upstream comes out byte for byte);
    /// CR, LF and NUL become spaces so that no value can end its line, and characters beyond Latin-1 become '?'.
    /// </summary>
    private static int Latin1(string text, Span<byte> destination)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            destination[i] = c switch
            {
                '\r' or '\n' or '\0' => (byte)' ',
                > '\u00FF' => (byte)'?',
                _ => (byte)c,
            };
        }

        return text.Length;
    }

    private static int Append(Span<byte> destination, int position, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[position..]);
        return position + bytes.Length;
    }

    /// <summary>Puts a chunk's size line right before the body; returns where the send starts.</summary>
    private static int WriteChunkPrefix(byte[] buffer, int length)
    {
        Span<byte> line = stackalloc byte[10];
        Utf8Formatter.TryFormat(length, line, out var digits, new StandardFormat('x'));
        line[digits] = (byte)'\r';
        line[digits + 1] = (byte)'\n';
        var start = HeadRoom - digits - 2;
        line[..(digits + 2)].CopyTo(buffer.AsSpan(start));
        return start;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(HeadRoom + Math.Max(needed, InitialBodyBytes) + TailRoom);
            return;
        }

        if (_buffer.Length - TailRoom - _end >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _end + needed + TailRoom));
        _buffer.AsSpan(HeadRoom, _end - HeadRoom).CopyTo(larger.AsSpan(HeadRoom));
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _headers.Count; i++)
        {
            if (string.Equals(_headers[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsFramingHeader(string name) =>
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One response header: a single value, or several sent on lines of their own.</summary>
internal readonly record struct ResponseHeader(string Name, string? Value, string[]? Values);
