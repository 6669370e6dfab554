using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

/// <summary>One HTTP/1.1 message head read into a buffer: how much arrived, where the body starts, and how it is framed.</summary>
internal readonly record struct Http1Message(int Length, int HeadLength, int ContentLength, bool Chunked)
{
    public bool EndOfStream => Length == 0;
}

/// <summary>
/// The little HTTP/1.1 the floors need: reading a message with its Content-Length body (of a chunked one, what arrived
/// with the head), reading a header, and de-chunking a body. Shared by the sockets floor and the Kestrel floor's raw
/// upstream client; it understands only what the bench sends.
/// </summary>
internal static class Http1
{
    public static async ValueTask<Http1Message> ReadMessageAsync(Socket socket, byte[] buffer)
    {
        var length = 0;
        var needed = -1;
        var headLength = 0;
        var contentLength = 0;
        var chunked = false;
        while (needed < 0 || length < needed)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None);
            if (read == 0)
            {
                return default;
            }

            length += read;
            if (needed < 0)
            {
                var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    continue;
                }

                headLength = end + 4;
                (contentLength, chunked) = ParseFraming(buffer.AsSpan(0, end));
                if (chunked)
                {
                    break;
                }

                needed = headLength + contentLength;
            }
        }

        return new Http1Message(length, headLength, contentLength, chunked);
    }

    /// <summary>The value of the named header in a message head, or null.</summary>
    public static string? Header(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
    {
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && Ascii.EqualsIgnoreCase(line[..colon], name))
            {
                return Encoding.ASCII.GetString(line[(colon + 1)..].Trim((byte)' '));
            }
        }

        return null;
    }

    /// <summary>The status code of a response head.</summary>
    public static int StatusCode(ReadOnlySpan<byte> head) =>
        Utf8Parser.TryParse(head.Slice(9, 3), out int code, out _) ? code : 502;

    /// <summary>
    /// Writes the payload of a chunked body to <paramref name="output"/> chunk by chunk, reading more from the socket as
    /// needed; <paramref name="start"/>..<paramref name="end"/> is what already arrived. False when the socket closed.
    /// </summary>
    public static async ValueTask<bool> DechunkAsync(Socket socket, byte[] buffer, int start, int end, Func<ReadOnlyMemory<byte>, ValueTask> output)
    {
        while (true)
        {
            int lineEnd;
            while ((lineEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8)) < 0)
            {
                (start, end) = (0, Compact(buffer, start, end));
                var read = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
                if (read == 0)
                {
                    return false;
                }

                end += read;
            }

            var sizeText = buffer.AsSpan(start, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (!Utf8Parser.TryParse(semicolon < 0 ? sizeText : sizeText[..semicolon], out int size, out _, 'x'))
            {
                return false;
            }

            start += lineEnd + 2;
            var remaining = size + 2; // the payload and the CRLF after it (after the last chunk: the empty trailer's CRLF)
            while (remaining > 0)
            {
                if (start == end)
                {
                    (start, end) = (0, 0);
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        return false;
                    }

                    end = read;
                }

                var take = Math.Min(remaining, end - start);
                var payload = Math.Min(take, Math.Max(0, remaining - 2));
                if (payload > 0)
                {
                    await output(buffer.AsMemory(start, payload));
                }

                start += take;
                remaining -= take;
            }

            if (size == 0)
            {
                return true;
            }
        }
    }

    private static int Compact(byte[] buffer, int start, int end)
    {
        buffer.AsSpan(start, end - start).CopyTo(buffer);
        return end - start;
    }

    private static (int ContentLength, bool Chunked) ParseFraming(ReadOnlySpan<byte> head)
    {
        var contentLength = 0;
        var chunked = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                contentLength = Utf8Parser.TryParse(value, out int parsed, out _) ? parsed : 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
        }

        return (contentLength, chunked);
    }
}
