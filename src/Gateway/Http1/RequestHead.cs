namespace Switchyard.Gateway.Http1;

/// <summary>Where a header field's name and value lie in the connection's input buffer.</summary>
internal struct HeaderField
{
    public int NameStart;
    public int NameLength;
    public int ValueStart;
    public int ValueLength;
}

/// <summary>How the request's body is framed (RFC 9112 §6).</summary>
internal enum BodyFraming
{
    None = 0,
    ContentLength,
    Chunked,
}

/// <summary>
/// What one request head says, as offsets into the connection's input buffer (valid until the connection reads its
/// next request) and the few facts the server acts on. One per connection, reused for every request on it.
/// </summary>
internal sealed class RequestHead
{
    public RequestHead(int maxFields) => Fields = new HeaderField[maxFields];

    public HeaderField[] Fields { get; }

    public int FieldCount { get; set; }

    public int MethodStart { get; set; }

    public int MethodLength { get; set; }

    /// <summary>The request target as sent (origin form <c>/path?query</c>, absolute form, or <c>*</c>).</summary>
    public int TargetStart { get; set; }

    public int TargetLength { get; set; }

    /// <summary>The path within the target (the origin form's, or the absolute form's after its authority).</summary>
    public int PathStart { get; set; }

    public int PathLength { get; set; }

    /// <summary>HTTP/1.1; otherwise HTTP/1.0.</summary>
    public bool IsHttp11 { get; set; }

    public bool IsPost { get; set; }

    public bool IsHead { get; set; }

    public BodyFraming Framing { get; set; }

    public long ContentLength { get; set; }

    /// <summary><c>Connection: close</c> was sent (or HTTP/1.0 without <c>keep-alive</c>).</summary>
    public bool WantsClose { get; set; }

    /// <summary><c>Expect: 100-continue</c>: the client waits for a 100 before it sends the body.</summary>
    public bool ExpectsContinue { get; set; }

    /// <summary>Bytes from the start of the request line to the end of the blank line after the headers.</summary>
    public int Length { get; set; }

    public void Reset()
    {
        FieldCount = 0;
        IsPost = false;
        IsHead = false;
        Framing = BodyFraming.None;
        ContentLength = 0;
        WantsClose = false;
        ExpectsContinue = false;
    }
}
