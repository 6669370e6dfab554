using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Switchyard.Gateway.Http1;

/// <summary>Why a request head cannot be served: the status to answer with, and a message for the client.</summary>
internal readonly record struct HeadError(int StatusCode, string Message);

/// <summary>
/// Parses a request line and its header fields (RFC 9112 §3, §5) strictly, on bytes, without allocating: what a
/// proxy must refuse to stay safe from request smuggling (bare LF, folded lines, whitespace before a colon, a
/// Content-Length that disagrees with itself or comes with Transfer-Encoding) is a 400, never a guess.
/// </summary>
internal static class RequestHeadParser
{
    private static readonly SearchValues<byte> _tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Parses the head at the start of <paramref name="data"/> (after any empty lines, which RFC 9112 §2.2 lets a
    /// server skip). Returns true with <paramref name="head"/> filled (offsets relative to <paramref name="offset"/>),
    /// or with <paramref name="error"/> set; false when more bytes are needed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, int offset, RequestHead head, Http1ServerOptions limits, out HeadError? error)
    {
        error = null;
        var skipped = 0;
        while (data.Length - skipped >= 2 && data[skipped] == '\r' && data[skipped + 1] == '\n')
        {
            skipped += 2;
        }

        var rest = data[skipped..];
        var end = rest.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            error = IncompleteError(rest, data.Length, limits);
            return error is not null;
        }

        if (end + 4 > limits.MaxRequestHeadersBytes)
        {
            error = new HeadError(431, "The request headers are too large.");
            return true;
        }

        head.Reset();
        head.Length = skipped + end + 4;
        var block = rest[..(end + 2)];
        var lineEnd = block.IndexOf("\r\n"u8);
        if (lineEnd > limits.MaxRequestLineBytes)
        {
            error = new HeadError(414, "The request line is too long.");
            return true;
        }

        error = ParseRequestLine(block[..lineEnd], offset + skipped, head);
        if (error is not null)
        {
            return true;
        }

        var position = lineEnd + 2;
        var hosts = 0;
        var sawContentLength = false;
        var sawTransferEncoding = false;
        var connectionKeepAlive = false;
        while (position < block.Length)
        {
            var line = block[position..];
            var length = line.IndexOf("\r\n"u8);
            line = line[..length];
            if (head.FieldCount == head.Fields.Length)
            {
                error = new HeadError(431, "The request has too many headers.");
                return true;
            }

            if (!TryParseField(line, offset + skipped + position, out var field, out error))
            {
                return true;
            }

            head.Fields[head.FieldCount++] = field;
            var name = line[..field.NameLength];
            var value = data.Slice(field.ValueStart - offset, field.ValueLength);
            switch (name.Length)
            {
                case 4 when Ascii.EqualsIgnoreCase(name, "host"u8):
                    hosts++;
                    break;
                case 6 when Ascii.EqualsIgnoreCase(name, "expect"u8):
                    if (!Ascii.EqualsIgnoreCase(value, "100-continue"u8))
                    {
                        error = new HeadError(417, "Only \"Expect: 100-continue\" is supported.");
                        return true;
                    }

                    head.ExpectsContinue = true;
                    break;
                case 10 when Ascii.EqualsIgnoreCase(name, "connection"u8):
                    ReadConnectionTokens(value, head, ref connectionKeepAlive);
                    break;
                case 14 when Ascii.EqualsIgnoreCase(name, "content-length"u8):
                    if (!TryReadContentLength(value, sawContentLength ? head.ContentLength : null, out var contentLength))
                    {
                        error = new HeadError(400, "The Content-Length header is invalid.");
                        return true;
                    }

                    head.ContentLength = contentLength;
                    sawContentLength = true;
                    break;
                case 17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8):
                    if (sawTransferEncoding || !Ascii.EqualsIgnoreCase(value, "chunked"u8))
                    {
                        error = new HeadError(501, "Only \"Transfer-Encoding: chunked\" is supported for request bodies.");
                        return true;
                    }

                    sawTransferEncoding = true;
                    break;
            }

            position += length + 2;
        }

        if (head.IsHttp11 && hosts != 1)
        {
            error = new HeadError(400, hosts == 0 ? "An HTTP/1.1 request needs a Host header." : "The request has more than one Host header.");
            return true;
        }

        if (sawTransferEncoding && (sawContentLength || !head.IsHttp11))
        {
            // RFC 9112 §6.1: such a message may be an attempt at request smuggling; refusing it is the safe choice.
            error = new HeadError(400, sawContentLength
                ? "The request has both Transfer-Encoding and Content-Length."
                : "Transfer-Encoding is not allowed in an HTTP/1.0 request.");
            return true;
        }

        head.Framing = sawTransferEncoding ? BodyFraming.Chunked : sawContentLength && head.ContentLength > 0 ? BodyFraming.ContentLength : BodyFraming.None;
        head.WantsClose |= !head.IsHttp11 && !connectionKeepAlive;
        return true;
    }

    /// <summary>A head still incomplete: fine while it is within the limits and has no bare line feed in it.</summary>
    private static HeadError? IncompleteError(ReadOnlySpan<byte> rest, int received, Http1ServerOptions limits)
    {
        var firstLineFeed = rest.IndexOf((byte)'\n');
        for (var lineFeed = firstLineFeed; lineFeed >= 0;)
        {
            if (lineFeed == 0 || rest[lineFeed - 1] != '\r')
            {
                return new HeadError(400, "Lines of a request must end with CRLF.");
            }

            var next = rest[(lineFeed + 1)..].IndexOf((byte)'\n');
            lineFeed = next < 0 ? -1 : lineFeed + 1 + next;
        }

        if (firstLineFeed < 0 && rest.Length > limits.MaxRequestLineBytes)
        {
            return new HeadError(414, "The request line is too long.");
        }

        return received >= limits.MaxRequestHeadersBytes ? new HeadError(431, "The request headers are too large.") : null;
    }

    private static HeadError? ParseRequestLine(ReadOnlySpan<byte> line, int offset, RequestHead head)
    {
        var methodEnd = line.IndexOf((byte)' ');
        if (methodEnd <= 0 || line[..methodEnd].IndexOfAnyExcept(_tokenChars) >= 0)
        {
            return new HeadError(400, "The request line is malformed.");
        }

        var afterMethod = line[(methodEnd + 1)..];
        var targetEnd = afterMethod.IndexOf((byte)' ');
        if (targetEnd <= 0)
        {
            return new HeadError(400, "The request line is malformed.");
        }

        var target = afterMethod[..targetEnd];
        var version = afterMethod[(targetEnd + 1)..];
        if (version.SequenceEqual("HTTP/1.1"u8))
        {
            head.IsHttp11 = true;
        }
        else if (version.SequenceEqual("HTTP/1.0"u8))
        {
            head.IsHttp11 = false;
        }
        else
        {
            return version.StartsWith("HTTP/"u8) && version.Length == 8
                ? new HeadError(505, "Only HTTP/1.1 and HTTP/1.0 are served here.")
                : new HeadError(400, "The request line is malformed.");
        }

        // Visible ASCII only: no spaces, controls or bytes above 0x7E in a target (RFC 9112 §3.2, RFC 3986).
        foreach (var b in target)
        {
            if (b <= 0x20 || b >= 0x7F)
            {
                return new HeadError(400, "The request target is malformed.");
            }
        }

        var method = line[..methodEnd];
        head.MethodStart = offset;
        head.MethodLength = methodEnd;
        head.IsPost = method.SequenceEqual("POST"u8);
        head.IsHead = method.SequenceEqual("HEAD"u8);
        head.TargetStart = offset + methodEnd + 1;
        head.TargetLength = target.Length;
        var pathInTarget = PathOf(target);
        if (pathInTarget < 0)
        {
            return method.SequenceEqual("CONNECT"u8)
                ? new HeadError(405, "CONNECT is not supported.")
                : new HeadError(400, "The request target is malformed.");
        }

        var path = target[pathInTarget..];
        var query = path.IndexOf((byte)'?');
        head.PathStart = head.TargetStart + pathInTarget;
        head.PathLength = query < 0 ? path.Length : query;
        return null;
    }

    /// <summary>Where the path starts in a target: 0 for the origin form, after the authority for the absolute form; -1 for anything else.</summary>
    private static int PathOf(ReadOnlySpan<byte> target)
    {
        if (target[0] == '/' || target.SequenceEqual("*"u8))
        {
            return 0;
        }

        var scheme = target.IndexOf("://"u8);
        if (scheme <= 0 || !(Ascii.EqualsIgnoreCase(target[..scheme], "http"u8) || Ascii.EqualsIgnoreCase(target[..scheme], "https"u8)))
        {
            return -1;
        }

        var authorityStart = scheme + 3;
        var slash = target[authorityStart..].IndexOfAny((byte)'/', (byte)'?');
        return slash < 0 ? target.Length : authorityStart + slash;
    }

    private static bool TryParseField(ReadOnlySpan<byte> line, int offset, out HeaderField field, out HeadError? error)
    {
        field = default;
        error = null;
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].IndexOfAnyExcept(_tokenChars) >= 0)
        {
            // Also an obsolete folded line (one starting with whitespace) and whitespace before the colon.
            error = new HeadError(400, "A request header is malformed.");
            return false;
        }

        var valueStart = colon + 1;
        var valueEnd = line.Length;
        while (valueStart < valueEnd && line[valueStart] is (byte)' ' or (byte)'\t')
        {
            valueStart++;
        }

        while (valueEnd > valueStart && line[valueEnd - 1] is (byte)' ' or (byte)'\t')
        {
            valueEnd--;
        }

        foreach (var b in line[valueStart..valueEnd])
        {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                error = new HeadError(400, "A request header has control characters in its value.");
                return false;
            }
        }

        field = new HeaderField { NameStart = offset, NameLength = colon, ValueStart = offset + valueStart, ValueLength = valueEnd - valueStart };
        return true;
    }

    private static void ReadConnectionTokens(ReadOnlySpan<byte> value, RequestHead head, ref bool keepAlive)
    {
        foreach (var range in value.Split((byte)','))
        {
            var token = value[range].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(token, "close"u8))
            {
                head.WantsClose = true;
            }
            else if (Ascii.EqualsIgnoreCase(token, "keep-alive"u8))
            {
                keepAlive = true;
            }
        }
    }

    /// <summary>Digits only (RFC 9110 §8.6); a list of equal values, or a repeat of <paramref name="previous"/>, is the same length.</summary>
    private static bool TryReadContentLength(ReadOnlySpan<byte> value, long? previous, out long length)
    {
        length = -1;
        foreach (var range in value.Split((byte)','))
        {
            var item = value[range].Trim(" \t"u8);
            if (item.IsEmpty || item.Length > 18 || item.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 ||
                !Utf8Parser.TryParse(item, out long parsed, out var consumed) || consumed != item.Length)
            {
                return false;
            }

            if ((length >= 0 && parsed != length) || (previous is { } earlier && parsed != earlier))
            {
                return false;
            }

            length = parsed;
        }

        return length >= 0;
    }
}
