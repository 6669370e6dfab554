using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

/// <summary>
/// One request and its response, as the features ASP.NET Core reads: the request comes whole from the connection's
/// buffer; the response is buffered until the application flushes or ends, then sent with Content-Length when it is
/// known (or the whole body is there) and chunked otherwise, so streams flow as they are flushed.
/// </summary>
internal sealed class Http1Exchange :
    IHttpRequestFeature, IHttpResponseFeature, IHttpResponseBodyFeature, IHttpRequestLifetimeFeature,
    IHttpConnectionFeature, IHttpRequestBodyDetectionFeature, IConnectionItemsFeature
{
    private static readonly byte[] _crlf = "\r\n"u8.ToArray();
    private static readonly byte[] _lastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly ResponseWriter _writer;
    private readonly List<ArraySegment<byte>> _segments = new(4);
    private readonly byte[] _chunkHeader = new byte[16];
    private List<(Func<object, Task> Callback, object State)>? _onStarting;
    private List<(Func<object, Task> Callback, object State)>? _onCompleted;
    private byte[]? _head;
    private bool _chunked;
    private bool _finished;
    private bool _aborted;

    public Http1Exchange(Socket socket, byte[] buffer, Http1Message message, HeaderStrings strings, IDictionary<object, object?> items, string connectionId)
    {
        _socket = socket;
        Items = items;
        ConnectionId = connectionId;
        ParseHead(buffer.AsSpan(0, message.HeadLength - 4), strings);
        Body = new MemoryStream(buffer, message.HeadLength, message.ContentLength, writable: false);
        CanHaveBody = message.ContentLength > 0;
        _writer = new ResponseWriter(this);
        Stream = _writer.AsStream(leaveOpen: true);
        Features = new FeatureCollection(8);
        Features.Set<IHttpRequestFeature>(this);
        Features.Set<IHttpResponseFeature>(this);
        Features.Set<IHttpResponseBodyFeature>(this);
        Features.Set<IHttpRequestLifetimeFeature>(this);
        Features.Set<IHttpConnectionFeature>(this);
        Features.Set<IHttpRequestBodyDetectionFeature>(this);
        Features.Set<IConnectionItemsFeature>(this);
    }

    public FeatureCollection Features { get; }

    // IHttpRequestFeature
    public string Protocol { get; set; } = "HTTP/1.1";
    public string Scheme { get; set; } = "http";
    public string Method { get; set; } = HttpMethods.Get;
    public string PathBase { get; set; } = "";
    public string Path { get; set; } = "/";
    public string QueryString { get; set; } = "";
    public string RawTarget { get; set; } = "/";
    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();
    public Stream Body { get; set; }

    // IHttpResponseFeature
    public int StatusCode { get; set; } = 200;
    public string? ReasonPhrase { get; set; }
    IHeaderDictionary IHttpResponseFeature.Headers { get; set; } = new HeaderDictionary();
    Stream IHttpResponseFeature.Body { get => Stream; set => throw new NotSupportedException(); }
    public bool HasStarted { get; private set; }

    // IHttpResponseBodyFeature
    public Stream Stream { get; }
    public PipeWriter Writer => _writer;

    // IHttpRequestLifetimeFeature
    public CancellationToken RequestAborted { get; set; }

    // IHttpConnectionFeature
    public string ConnectionId { get; set; }
    public IPAddress? RemoteIpAddress { get; set; } = IPAddress.Loopback;
    public IPAddress? LocalIpAddress { get; set; } = IPAddress.Loopback;
    public int RemotePort { get; set; }
    public int LocalPort { get; set; }

    // IHttpRequestBodyDetectionFeature
    public bool CanHaveBody { get; }

    // IConnectionItemsFeature
    public IDictionary<object, object?> Items { get; set; }

    private IHeaderDictionary ResponseHeaders => ((IHttpResponseFeature)this).Headers;

    public void OnStarting(Func<object, Task> callback, object state) => (_onStarting ??= []).Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => (_onCompleted ??= []).Add((callback, state));

    public void Abort()
    {
        _aborted = true;
        _socket.Shutdown(SocketShutdown.Both);
    }

    public void DisableBuffering()
    {
        // Every flush is sent at once anyway.
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => SendAsync(final: false).AsTask();

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task CompleteAsync() => SendAsync(final: true).AsTask();

    /// <summary>Finishes the response after the application returned: false when the connection cannot go on.</summary>
    public async ValueTask<bool> EndAsync(Exception? failure)
    {
        if (failure is not null && !HasStarted)
        {
            StatusCode = 500;
            ResponseHeaders.Clear();
            _writer.Reset();
        }

        if (!_aborted && (failure is null || !HasStarted))
        {
            await SendAsync(final: true);
        }

        if (_onCompleted is { } completed)
        {
            for (var i = completed.Count - 1; i >= 0; i--)
            {
                await completed[i].Callback(completed[i].State);
            }
        }

        _writer.Release();
        if (_head is not null)
        {
            ArrayPool<byte>.Shared.Return(_head);
            _head = null;
        }

        // A failure after the response started leaves it unfinished: the connection cannot carry another request.
        return !_aborted && _finished;
    }

    /// <summary>Sends what is buffered (with the head first if the response has not started); final ends the body.</summary>
    internal async ValueTask<FlushResult> SendAsync(bool final)
    {
        if (_finished)
        {
            return new FlushResult(isCanceled: false, isCompleted: true);
        }

        _segments.Clear();
        if (!HasStarted)
        {
            if (_onStarting is { } starting)
            {
                for (var i = starting.Count - 1; i >= 0; i--)
                {
                    await starting[i].Callback(starting[i].State);
                }
            }

            HasStarted = true;
            var headers = ResponseHeaders;
            if (headers.ContentLength is null && StatusCode is not (204 or 304))
            {
                if (final)
                {
                    headers.ContentLength = _writer.Buffered.Count;
                }
                else
                {
                    _chunked = true;
                }
            }

            _segments.Add(BuildHead());
        }

        var data = _writer.Buffered;
        if (data.Count > 0)
        {
            if (_chunked)
            {
                var length = WriteChunkHeader(data.Count);
                _segments.Add(new ArraySegment<byte>(_chunkHeader, 0, length));
                _segments.Add(data);
                _segments.Add(_crlf);
            }
            else
            {
                _segments.Add(data);
            }
        }

        if (final)
        {
            _finished = true;
            if (_chunked)
            {
                _segments.Add(_lastChunk);
            }
        }

        if (_segments.Count > 0)
        {
            try
            {
                await _socket.SendAsync(_segments, SocketFlags.None);
            }
            catch (SocketException)
            {
                _aborted = true;
                return new FlushResult(isCanceled: false, isCompleted: true);
            }
        }

        _writer.Reset();
        return new FlushResult(isCanceled: false, isCompleted: false);
    }

    private ArraySegment<byte> BuildHead()
    {
        var head = _head ??= ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        Append(ref head, ref length, "HTTP/1.1 ");
        Utf8Formatter.TryFormat(StatusCode, head.AsSpan(length), out var digits);
        length += digits;
        Append(ref head, ref length, " ");
        Append(ref head, ref length, ReasonPhrase ?? ReasonPhrases.GetReasonPhrase(StatusCode));
        Append(ref head, ref length, "\r\n");
        foreach (var (name, values) in ResponseHeaders)
        {
            foreach (var value in values)
            {
                Append(ref head, ref length, name);
                Append(ref head, ref length, ": ");
                Append(ref head, ref length, value ?? "");
                Append(ref head, ref length, "\r\n");
            }
        }

        if (_chunked)
        {
            Append(ref head, ref length, "Transfer-Encoding: chunked\r\n");
        }

        Append(ref head, ref length, "\r\n");
        _head = head;
        return new ArraySegment<byte>(head, 0, length);
    }

    private static void Append(ref byte[] head, ref int length, string text)
    {
        if (head.Length - length < text.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(head.Length * 2, length + text.Length));
            head.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(head);
            head = bigger;
        }

        length += Encoding.Latin1.GetBytes(text, head.AsSpan(length));
    }

    private int WriteChunkHeader(int size)
    {
        Utf8Formatter.TryFormat(size, _chunkHeader, out var written, new StandardFormat('x'));
        _chunkHeader[written++] = (byte)'\r';
        _chunkHeader[written++] = (byte)'\n';
        return written;
    }

    private void ParseHead(ReadOnlySpan<byte> head, HeaderStrings strings)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? head : head[..lineEnd];
        var firstSpace = requestLine.IndexOf((byte)' ');
        var lastSpace = requestLine.LastIndexOf((byte)' ');
        var method = requestLine[..firstSpace];
        Method = method.SequenceEqual("POST"u8) ? HttpMethods.Post : method.SequenceEqual("GET"u8) ? HttpMethods.Get : Encoding.ASCII.GetString(method);
        var target = requestLine[(firstSpace + 1)..lastSpace];
        var question = target.IndexOf((byte)'?');
        Path = Encoding.ASCII.GetString(question < 0 ? target : target[..question]);
        QueryString = question < 0 ? "" : Encoding.ASCII.GetString(target[question..]);
        RawTarget = Path + QueryString;
        if (lineEnd < 0)
        {
            return;
        }

        var rest = head[(lineEnd + 2)..];
        var index = 0;
        foreach (var range in rest.Split("\r\n"u8))
        {
            var line = rest[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = strings.Get(index++, line, colon);
            Headers.Append(name, value);
        }
    }
}
