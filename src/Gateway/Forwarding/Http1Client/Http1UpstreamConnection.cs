using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Switchyard.Gateway.Http1;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Forwarding.Http1Client;

/// <summary>
/// One keep-alive HTTP/1.1 connection to a plain-http upstream: writes a request (head and a small body in one
/// send), reads the answer's head, then its body as the copier asks for it (Content-Length, chunked, or to the close).
/// A body read to its end, on a connection the upstream keeps open, goes back to its <see cref="Http1UpstreamPool"/>;
/// anything else (an abort, a timeout, a broken answer) closes it. One exchange at a time.
/// </summary>
internal sealed class Http1UpstreamConnection : IDisposable
{
    private const int BufferBytes = 16 * 1024;

    /// <summary>A body up to this size is copied behind the head and sent with it; a larger one is sent from where it is.</summary>
    private const int InlineBodyBytes = 32 * 1024;

    private const int MaxHeadBytes = 64 * 1024;

    private readonly Http1UpstreamPool _pool;
    private Socket? _socket;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _start;
    private int _end;
    private long _remaining;
    private ChunkedBodyDecoder _chunked;
    private bool _bodyDone;
    private volatile bool _broken;
    private volatile bool _aborted;
    private CancellationTokenRegistration _abortOnCancel;
    private CancellationTokenRegistration _abortBeforeFirstByte;
    private int _disposed;

    /// <summary>A connection that opens its socket with its first exchange.</summary>
    public Http1UpstreamConnection(Http1UpstreamPool pool) => _pool = pool;

    public ResponseHead Head { get; } = new();

    public StringCache Strings { get; } = new();

    /// <summary>When its socket was opened (<see cref="Environment.TickCount64"/>), for the pool's lifetime limit.</summary>
    public long Created { get; private set; }

    /// <summary>When it last went back to the pool.</summary>
    public long IdleSince { get; set; }

    /// <summary>Bytes of the current answer received so far.</summary>
    public long Received { get; private set; }

    /// <summary>The answer's body ended cleanly and the connection can serve another exchange.</summary>
    public bool IsReusable => _bodyDone && !_broken && !Head.Closes && _start == _end;

    /// <summary>
    /// Sends one request (opening the socket first if this connection has none) and returns the answer once its head
    /// has arrived, interim 1xx answers skipped. A kept-alive socket the upstream had closed meanwhile (nothing
    /// received on it) is replaced by a new one and the request sent again, as <see cref="SocketsHttpHandler"/> does.
    /// <paramref name="cancellationToken"/> closes the connection when cancelled, now or while the body is read;
    /// <paramref name="firstByte"/> as well, until the exchange is released. On failure the connection is released
    /// and the transport exception thrown (<see cref="IOException"/>, <see cref="HttpRequestException"/>,
    /// <see cref="OperationCanceledException"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<UpstreamAnswer> ExchangeAsync(
        Http1UpstreamTarget target,
        bool isGet,
        ReadOnlyMemory<byte> body,
        UpstreamHeaderSet headers,
        TimeSpan connectTimeout,
        CancellationToken cancellationToken,
        CancellationToken firstByte)
    {
        _abortOnCancel = cancellationToken.UnsafeRegister(static state => ((Http1UpstreamConnection)state!).Abort(), this);
        _abortBeforeFirstByte = firstByte == cancellationToken ? default : firstByte.UnsafeRegister(static state => ((Http1UpstreamConnection)state!).Abort(), this);
        try
        {
            while (true)
            {
                var fresh = _socket is null;
                if (fresh)
                {
                    await ConnectAsync(connectTimeout, firstByte);
                }

                Received = 0;
                _bodyDone = false;
                _chunked.Reset();
                try
                {
                    var length = WriteRequest(target, isGet, body, headers, out var bodyApart);
                    await SendAllAsync(_socket!, _buffer.AsMemory(0, length));
                    if (bodyApart)
                    {
                        await SendAllAsync(_socket!, body);
                    }

                    await ReadHeadAsync();
                    return new Http1UpstreamAnswer(this);
                }
                catch (Exception ex) when (!fresh && Received == 0 && !_aborted && ex is SocketException or ObjectDisposedException or IOException)
                {
                    // The upstream closed this kept-alive socket while it sat in the pool: a new one, and send again.
                    _socket?.Dispose();
                    _socket = null;
                    _broken = false;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _broken = true;
            Release();
            throw new IOException(Received == 0 ? "The upstream closed the connection before answering." : "The upstream connection broke.", ex);
        }
        catch
        {
            _broken = true;
            Release();
            throw;
        }
    }

    /// <summary>Reads answer body bytes, de-chunked; 0 at its end. A broken body is an <see cref="IOException"/>.</summary>
    public async ValueTask<int> ReadBodyAsync(Memory<byte> destination)
    {
        if (_bodyDone || destination.IsEmpty)
        {
            return 0;
        }

        try
        {
            return Head.Framing == AnswerFraming.Chunked ? await ReadChunkedAsync(destination) : await ReadPlainAsync(destination);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _broken = true;
            throw new IOException("The upstream connection broke off the answer.", ex);
        }
        catch (ClientBodyException ex)
        {
            _broken = true;
            throw new IOException($"The upstream's chunked answer is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>The exchange is over: back to the pool when the answer ended cleanly, closed otherwise.</summary>
    public void Release()
    {
        _abortOnCancel.Dispose();
        _abortBeforeFirstByte.Dispose();
        _abortOnCancel = default;
        _abortBeforeFirstByte = default;
        if (IsReusable && _pool.Return(this))
        {
            return;
        }

        Dispose();
    }

    /// <summary>Closes the connection at once (a timeout or the client's abort, from any thread).</summary>
    public void Abort()
    {
        _aborted = true;
        _broken = true;
        _socket?.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _broken = true;
        _socket?.Dispose();
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            EndPoint endPoint = IPAddress.TryParse(_pool.Host, out var ip) ? new IPEndPoint(ip, _pool.Port) : new DnsEndPoint(_pool.Host, _pool.Port);
            await socket.ConnectAsync(endPoint, linked.Token);
        }
        catch (OperationCanceledException ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new OperationCanceledException("connect timeout", new TimeoutException(), ex.CancellationToken);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new HttpRequestException(
                ex.SocketErrorCode == SocketError.HostNotFound ? HttpRequestError.NameResolutionError : HttpRequestError.ConnectionError, ex.Message, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        Created = Environment.TickCount64;
        if (_aborted)
        {
            // Cancelled while connecting: the abort found no socket to close.
            socket.Dispose();
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Writes the request's head (and a small body behind it) into the buffer; returns its length.</summary>
    private int WriteRequest(Http1UpstreamTarget target, bool isGet, ReadOnlyMemory<byte> body, UpstreamHeaderSet headers, out bool bodyApart)
    {
        var prefix = isGet ? target.GetPrefix : target.PostPrefix;
        var headLength = prefix.Length + 2;
        if (!isGet)
        {
            headLength += "Content-Type: application/json\r\nContent-Length: \r\n"u8.Length + Digits(body.Length);
        }

        foreach (var (name, value) in headers)
        {
            headLength += name.Length + 2 + value.Length + 2;
        }

        var inlineBody = !isGet && body.Length <= InlineBodyBytes;
        bodyApart = !isGet && !inlineBody;
        var total = headLength + (inlineBody ? body.Length : 0);
        if (total > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(total);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var writer = new HeadWriter(_buffer);
        writer.Write(prefix);
        if (!isGet)
        {
            writer.Write("Content-Type: application/json\r\nContent-Length: "u8);
            writer.Write(body.Length);
            writer.Write("\r\n"u8);
        }

        foreach (var (name, value) in headers)
        {
            writer.Field(name, value);
        }

        writer.Write("\r\n"u8);
        if (inlineBody)
        {
            writer.Write(body.Span);
        }

        return writer.Position;
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None)..];
        }
    }

    private async ValueTask ReadHeadAsync()
    {
        _start = 0;
        _end = 0;
        while (true)
        {
            if (_end > _start)
            {
                var length = Head.TryParse(_buffer.AsSpan(_start, _end - _start), MaxHeadBytes, Strings, requestWasHead: false);
                if (length > 0)
                {
                    _start += length;
                    if (Head.StatusCode is >= 100 and < 200 && Head.StatusCode != 101)
                    {
                        // An interim answer (100 Continue, 103 Early Hints): the real one follows.
                        continue;
                    }

                    _remaining = Head.ContentLength;
                    _bodyDone = Head.Framing == AnswerFraming.None;
                    return;
                }
            }

            if (_end == _buffer.Length)
            {
                MakeRoom();
            }

            var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
            if (read == 0)
            {
                _broken = true;
                throw new IOException(Received == 0
                    ? "The upstream closed the connection before answering."
                    : "The upstream closed the connection in the middle of its response headers.");
            }

            Received += read;
            _end += read;
        }
    }

    private async ValueTask<int> ReadPlainAsync(Memory<byte> destination)
    {
        var untilClose = Head.Framing == AnswerFraming.UntilClose;
        var want = untilClose ? destination.Length : (int)Math.Min(destination.Length, _remaining);
        int read;
        if (_end > _start)
        {
            read = Math.Min(_end - _start, want);
            _buffer.AsSpan(_start, read).CopyTo(destination.Span);
            _start += read;
        }
        else
        {
            read = await _socket!.ReceiveAsync(destination[..want], SocketFlags.None);
            Received += read;
            if (read == 0)
            {
                if (untilClose)
                {
                    _bodyDone = true;
                    return 0;
                }

                _broken = true;
                throw new IOException("The upstream closed the connection before the end of its Content-Length.");
            }
        }

        if (!untilClose)
        {
            _remaining -= read;
            _bodyDone = _remaining == 0;
        }

        return read;
    }

    private async ValueTask<int> ReadChunkedAsync(Memory<byte> destination)
    {
        while (true)
        {
            var written = _chunked.Decode(_buffer.AsSpan(_start, _end - _start), destination.Span, out var consumed);
            _start += consumed;
            if (_chunked.IsDone)
            {
                _bodyDone = true;
                return written;
            }

            if (written > 0)
            {
                return written;
            }

            if (_end == _buffer.Length)
            {
                MakeRoom();
            }

            var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
            if (read == 0)
            {
                _broken = true;
                throw new IOException("The upstream closed the connection before the last chunk of its answer.");
            }

            Received += read;
            _end += read;
        }
    }

    /// <summary>Moves unread bytes to the front, or grows the buffer when it is all unread (a large head).</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            var length = _end - _start;
            _buffer.AsSpan(_start, length).CopyTo(_buffer);
            _start = 0;
            _end = length;
            return;
        }

        if (_buffer.Length >= MaxHeadBytes * 2)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream's response headers are too large.");
        }

        var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private static int Digits(int value)
    {
        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(value, digits, out var count);
        return count;
    }

    /// <summary>Writes ASCII into the request buffer (header values are checked to be ASCII before: <see cref="UpstreamHeaderSet.IsSafeValue"/>).</summary>
    private struct HeadWriter(byte[] buffer)
    {
        public int Position { get; private set; }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(buffer.AsSpan(Position));
            Position += bytes.Length;
        }

        public void Write(int value)
        {
            Utf8Formatter.TryFormat(value, buffer.AsSpan(Position), out var count);
            Position += count;
        }

        public void Field(string name, string value)
        {
            Position += System.Text.Encoding.ASCII.GetBytes(name, buffer.AsSpan(Position));
            Write(": "u8);
            Position += System.Text.Encoding.ASCII.GetBytes(value, buffer.AsSpan(Position));
            Write("\r\n"u8);
        }
    }
}
