using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// One request as ASP.NET Core's features, for the requests the server hands to the application (health, metrics,
/// <c>/v1/models</c>, unknown paths). Built per request: this path is not the hot one. The answer goes through the
/// connection's <see cref="Http1Response"/>, framed as the proxy path's answers are.
/// </summary>
internal sealed class Http1Features :
    IHttpRequestFeature,
    IHttpResponseFeature,
    IHttpResponseBodyFeature,
    IHttpRequestLifetimeFeature,
    IHttpConnectionFeature,
    IHttpRequestBodyDetectionFeature
{
    /// <summary>Buffered body bytes that make a write to the response stream send them.</summary>
    private const int FlushThreshold = 64 * 1024;

    private readonly Http1Connection _connection;
    private readonly HeaderDictionary _responseHeaders = new();
    private readonly ResponsePipeWriter _writer;
    private List<(Func<object, Task> Callback, object State)>? _onStarting;
    private List<(Func<object, Task> Callback, object State)>? _onCompleted;
    private bool _headersApplied;

    public Http1Features(Http1Connection connection)
    {
        _connection = connection;
        var head = connection.Head;
        var input = connection.Input;
        Protocol = head.IsHttp11 ? "HTTP/1.1" : "HTTP/1.0";
        Method = Encoding.ASCII.GetString(input, head.MethodStart, head.MethodLength);
        RawTarget = Encoding.ASCII.GetString(input, head.TargetStart, head.TargetLength);
        var path = Encoding.ASCII.GetString(input, head.PathStart, head.PathLength);
        Path = path == "*" ? string.Empty : PathString.FromUriComponent(path.Length == 0 ? "/" : path).Value ?? "/";
        var queryStart = head.PathStart + head.PathLength;
        var targetEnd = head.TargetStart + head.TargetLength;
        QueryString = queryStart < targetEnd ? Encoding.ASCII.GetString(input, queryStart, targetEnd - queryStart) : string.Empty;
        var headers = new HeaderDictionary();
        for (var i = 0; i < head.FieldCount; i++)
        {
            var field = head.Fields[i];
            var name = Encoding.ASCII.GetString(input, field.NameStart, field.NameLength);
            var value = Encoding.Latin1.GetString(input, field.ValueStart, field.ValueLength);
            headers.Append(name, value);
        }

        Headers = headers;
        Body = new RequestStream(connection);
        _writer = new ResponsePipeWriter(this);
        Stream = new ResponseStream(this);
        var socket = connection.Socket;
        if (socket.LocalEndPoint is IPEndPoint local)
        {
            LocalIpAddress = local.Address;
            LocalPort = local.Port;
        }

        if (socket.RemoteEndPoint is IPEndPoint remote)
        {
            RemoteIpAddress = remote.Address;
            RemotePort = remote.Port;
        }
    }

    public string Protocol { get; set; }

    public string Scheme { get; set; } = "http";

    public string Method { get; set; }

    public string PathBase { get; set; } = string.Empty;

    public string Path { get; set; }

    public string QueryString { get; set; }

    public string RawTarget { get; set; }

    public IHeaderDictionary Headers { get; set; }

    public Stream Body { get; set; }

    int IHttpResponseFeature.StatusCode
    {
        get => _connection.Response.StatusCode;
        set
        {
            if (_connection.Response.HasStarted)
            {
                throw new InvalidOperationException("The response has already started.");
            }

            _connection.Response.StatusCode = value;
        }
    }

    string? IHttpResponseFeature.ReasonPhrase { get; set; }

    IHeaderDictionary IHttpResponseFeature.Headers
    {
        get => _responseHeaders;
        set => throw new NotSupportedException("The response headers cannot be replaced.");
    }

    [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
    Stream IHttpResponseFeature.Body
    {
        get => Stream;
        set => throw new NotSupportedException("The response body cannot be replaced.");
    }

    public bool HasStarted => _headersApplied;

    public Stream Stream { get; }

    public PipeWriter Writer => _writer;

    public CancellationToken RequestAborted
    {
        get => _connection.Aborted;
        set => throw new NotSupportedException("RequestAborted is the connection's.");
    }

    public string ConnectionId { get; set; } = string.Empty;

    public IPAddress? RemoteIpAddress { get; set; }

    public IPAddress? LocalIpAddress { get; set; }

    public int RemotePort { get; set; }

    public int LocalPort { get; set; }

    public bool CanHaveBody => _connection.Head.Framing != BodyFraming.None;

    public IFeatureCollection ToCollection()
    {
        var collection = new FeatureCollection(8);
        collection.Set<IHttpRequestFeature>(this);
        collection.Set<IHttpResponseFeature>(this);
        collection.Set<IHttpResponseBodyFeature>(this);
        collection.Set<IHttpRequestLifetimeFeature>(this);
        collection.Set<IHttpConnectionFeature>(this);
        collection.Set<IHttpRequestBodyDetectionFeature>(this);
        return collection;
    }

    public void OnStarting(Func<object, Task> callback, object state) => (_onStarting ??= []).Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => (_onCompleted ??= []).Add((callback, state));

    public void Abort() => _connection.Abort();

    public void DisableBuffering()
    {
        // Every flush is sent at once already.
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => FlushAsync(cancellationToken).AsTask();

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await ApplyHeadersAsync();
        await _writer.CompleteAsync();
    }

    /// <summary>Runs the OnCompleted callbacks, last registered first, once the answer is done.</summary>
    public async Task FireOnCompletedAsync()
    {
        if (_onCompleted is null)
        {
            return;
        }

        for (var i = _onCompleted.Count - 1; i >= 0; i--)
        {
            await _onCompleted[i].Callback(_onCompleted[i].State);
        }
    }

    /// <summary>Sends what is buffered, the head first; false when the client is gone.</summary>
    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await ApplyHeadersAsync();
        return await _connection.Response.FlushAsync(final: false, cancellationToken);
    }

    /// <summary>OnStarting callbacks, then the application's headers onto the connection's answer, once.</summary>
    private async ValueTask ApplyHeadersAsync()
    {
        if (_headersApplied)
        {
            return;
        }

        if (_onStarting is not null)
        {
            for (var i = _onStarting.Count - 1; i >= 0; i--)
            {
                await _onStarting[i].Callback(_onStarting[i].State);
            }
        }

        _headersApplied = true;
        var response = _connection.Response;
        response.ContentLength = _responseHeaders.ContentLength;
        foreach (var (name, values) in _responseHeaders)
        {
            if (values.Count == 1)
            {
                response.SetHeader(name, values.ToString(), null);
            }
            else if (values.Count > 1)
            {
                response.SetHeader(name, null, values.ToArray()!);
            }
        }
    }

    /// <summary>The request body as a stream (asynchronous reads only, as ASP.NET Core allows by default).</summary>
    private sealed class RequestStream(Http1Connection connection) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            connection.ReadBodyAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("Synchronous reads are not allowed; use ReadAsync.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The response body as a stream over the connection's buffer; writes are sent when enough has gathered, or at the end.</summary>
    private sealed class ResponseStream(Http1Features features) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => features._connection.Response.Write(buffer);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            features._connection.Response.Write(buffer.Span);
            if (features._connection.Response.Buffered >= FlushThreshold)
            {
                await features.FlushAsync(cancellationToken);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => features.FlushAsync(cancellationToken).AsTask();

        public override void Flush()
        {
            // Sent at the next asynchronous flush or at the end of the answer.
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The response body as a pipe writer over the connection's buffer.</summary>
    private sealed class ResponsePipeWriter(Http1Features features) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => features._connection.Response.Buffered;

        public override void Advance(int bytes) => features._connection.Response.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => features._connection.Response.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => features._connection.Response.GetSpan(sizeHint);

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
            // The connection ends the answer after the application returns.
        }

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            var sent = await features.FlushAsync(cancellationToken);
            return new FlushResult(isCanceled: false, isCompleted: !sent);
        }
    }
}
