using System.Buffers.Text;
using System.Text;

namespace Switchyard.Gateway.Forwarding.Http1Client;

/// <summary>How an upstream's answer body is framed (RFC 9112 §6.3).</summary>
internal enum AnswerFraming
{
    None = 0,
    ContentLength,
    Chunked,

    /// <summary>Neither length nor chunks: the body ends when the upstream closes the connection.</summary>
    UntilClose,
}

/// <summary>
/// An upstream answer's status line and headers, parsed from bytes. Header names and values become strings only for
/// the headers that can reach the client or the gateway's own logic; the framing headers are read as bytes.
/// </summary>
internal sealed class ResponseHead
{
    private const int MaxHeaders = 200;

    private readonly List<KeyValuePair<string, string>> _headers = new(16);

    public int StatusCode { get; private set; }

    public AnswerFraming Framing { get; private set; }

    public long ContentLength { get; private set; }

    /// <summary>The upstream will close the connection after this answer (HTTP/1.0, or <c>Connection: close</c>).</summary>
    public bool Closes { get; private set; }

    public string? MediaType { get; private set; }

    /// <summary>The headers that are not about framing or the connection, in the order sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>
    /// Parses a head at the start of <paramref name="data"/>. Returns its length, 0 when more bytes are needed, and
    /// throws <see cref="HttpRequestException"/> (<see cref="HttpRequestError.InvalidResponse"/>) for a malformed one.
    /// </summary>
    public int TryParse(ReadOnlySpan<byte> data, int maxHeadBytes, StringCache strings, bool requestWasHead)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            Invalid(data.Length > maxHeadBytes, "The upstream's response headers are too large.");
            return 0;
        }

        Invalid(end + 4 > maxHeadBytes, "The upstream's response headers are too large.");
        _headers.Clear();
        MediaType = null;
        ContentLength = 0;
        var block = data[..(end + 2)];
        var lineEnd = block.IndexOf("\r\n"u8);
        var http11 = ParseStatusLine(block[..lineEnd]);
        var sawClose = false;
        var sawKeepAlive = false;
        var sawLength = false;
        var chunked = false;
        var sawTransferEncoding = false;
        var position = lineEnd + 2;
        while (position < block.Length)
        {
            var line = block[position..];
            var length = line.IndexOf("\r\n"u8);
            line = line[..length];
            position += length + 2;
            var colon = line.IndexOf((byte)':');
            Invalid(colon <= 0 || line[colon - 1] is (byte)' ' or (byte)'\t' || line[0] is (byte)' ' or (byte)'\t', "The upstream sent a malformed header.");
            Invalid(_headers.Count >= MaxHeaders, "The upstream sent too many headers.");
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            foreach (var b in value)
            {
                Invalid((b < 0x20 && b != '\t') || b == 0x7F, "The upstream sent a control character in a header.");
            }

            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                Invalid(!Utf8Parser.TryParse(value, out long parsed, out var consumed) || consumed != value.Length || parsed < 0
                    || (sawLength && parsed != ContentLength), "The upstream sent an invalid Content-Length.");
                ContentLength = parsed;
                sawLength = true;
                continue;
            }

            if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                sawTransferEncoding = true;
                var last = value.LastIndexOf((byte)',');
                chunked = Ascii.EqualsIgnoreCase(value[(last + 1)..].Trim(" \t"u8), "chunked"u8);
                continue;
            }

            if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                foreach (var range in value.Split((byte)','))
                {
                    var token = value[range].Trim(" \t"u8);
                    sawClose |= Ascii.EqualsIgnoreCase(token, "close"u8);
                    sawKeepAlive |= Ascii.EqualsIgnoreCase(token, "keep-alive"u8);
                }

                continue;
            }

            if (Ascii.EqualsIgnoreCase(name, "keep-alive"u8))
            {
                continue;
            }

            var nameText = strings.Name(name);
            var valueText = strings.Value(nameText, value);
            if (MediaType is null && nameText.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                var semicolon = valueText.IndexOf(';', StringComparison.Ordinal);
                MediaType = (semicolon < 0 ? valueText : valueText[..semicolon]).Trim();
            }

            _headers.Add(new KeyValuePair<string, string>(nameText, valueText));
        }

        Closes = sawClose || (!http11 && !sawKeepAlive);
        var noBody = requestWasHead || StatusCode is 204 or 304 || StatusCode < 200;
        if (noBody)
        {
            Framing = AnswerFraming.None;
        }
        else if (sawTransferEncoding)
        {
            // RFC 9112 §6.3: Transfer-Encoding wins over Content-Length, and a final coding other than chunked is read to the close.
            Framing = chunked ? AnswerFraming.Chunked : AnswerFraming.UntilClose;
            Closes |= !chunked || sawLength;
        }
        else if (sawLength)
        {
            Framing = ContentLength == 0 ? AnswerFraming.None : AnswerFraming.ContentLength;
        }
        else
        {
            Framing = AnswerFraming.UntilClose;
            Closes = true;
        }

        return end + 4;
    }

    public string? Header(string name)
    {
        foreach (var header in _headers)
        {
            if (header.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Returns whether the version is HTTP/1.1.</summary>
    private bool ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP/1.x SP 3DIGIT SP [reason]
        Invalid(line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' ' || (line.Length > 12 && line[12] != ' '),
            "The upstream's status line is malformed.");
        var minor = line[7];
        Invalid(minor is not ((byte)'0' or (byte)'1'), "The upstream does not speak HTTP/1.x.");
        var digits = line.Slice(9, 3);
        Invalid(digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0, "The upstream's status code is malformed.");
        StatusCode = ((digits[0] - '0') * 100) + ((digits[1] - '0') * 10) + (digits[2] - '0');
        Invalid(StatusCode < 100, "The upstream's status code is malformed.");
        return minor == '1';
    }

    private static void Invalid(bool condition, string message)
    {
        if (condition)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, message);
        }
    }
}
