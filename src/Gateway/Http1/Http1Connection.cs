using System.Runtime.CompilerServices;
using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Switchyard.Data.Threading;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// One client connection of <see cref="Http1Server"/>: reads requests one after another (keep-alive, pipelining),
/// answers the proxy endpoints through <see cref="ProxyHandler"/> directly and hands everything else to ASP.NET Core.
/// <para>
/// Its continuations run where the socket's completion ran (the runtime's socket threads, see
/// <see cref="SocketCompletions"/>), so a request on a quiet gateway goes from its bytes to the upstream call without
/// waking another thread; <see cref="InlineGate"/> moves it to the thread pool when the gateway is busy. Once a
/// request's body has been read, a receive stays pending: it notices a client that goes away mid-request (and
/// cancels the request, as Kestrel does), and it is the read of the next request.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The CancellationTokenSource has no timer or wait handle to release, and the pending receive may still cancel it after the connection closed.")]
internal sealed class Http1Connection
{
    private const int InitialInputBytes = 8 * 1024;

    /// <summary>Free room the pending receive needs at the end of the input buffer.</summary>
    private const int MinimumReceiveRoom = 2 * 1024;

    private const int StateActive = 0;
    private const int StateIdle = 1;
    private const int StateClosing = 2;

    private const int MonitorIdle = 0;
    private const int MonitorPending = 1;
    private const int MonitorDone = 2;
    private const int MonitorAwaited = 3;

    private static readonly byte[] _continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly Http1Server _server;
    private readonly Http1ServerOptions _options;
    private readonly Http1Exchange _exchange;
    private readonly ReusableSignal _nextBytes = new();
    private readonly Action _onMonitorCompleted;
    private readonly HeaderValueCache _values = new();
    private CancellationTokenSource _aborted = new();
    private byte[] _input = ArrayPool<byte>.Shared.Rent(InitialInputBytes);
    private int _inputStart;
    private int _inputEnd;
    private int _bodyBase;
    private HeadError? _headError;
    private long _deadline = long.MaxValue;
    private int _state = StateActive;
    private long _bodyRemaining;
    private ChunkedBodyDecoder _chunked;
    private bool _bodyDone;
    private bool _continueSent;
    private bool _aborting;
    private int _monitorState;
    private ValueTask<int> _monitorReceive;
    private int _monitorResult;

    public Http1Connection(Socket socket, Http1Server server)
    {
        _socket = socket;
        _server = server;
        _options = server.Options;
        Head = new RequestHead(_options.MaxRequestHeaderCount);
        Response = new Http1Response(this);
        _exchange = new Http1Exchange(this);
        _onMonitorCompleted = OnMonitorCompleted;
    }

    public RequestHead Head { get; }

    public Http1Response Response { get; }

    public Socket Socket => _socket;

    public ReadOnlySpan<byte> Date => _server.Date.Line;

    /// <summary>The input buffer; a request's header offsets point into it while the request lasts.</summary>
    public byte[] Input => _input;

    public CancellationToken Aborted => _aborted.Token;

    /// <summary>State the requests on this connection share, one after another (<see cref="ClientExchange.ConnectionState"/>).</summary>
    public object? State { get; set; }

    public async Task RunAsync()
    {
        try
        {
            while (await ReadHeadAsync())
            {
                if (_headError is { } error)
                {
                    await AnswerHeadErrorAsync(error);
                    break;
                }

                BeginRequest();
                await DispatchAsync();
                if (!await EndRequestAsync())
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The client went away or the connection was closed (timeout, shutdown): nothing left to answer.
        }
        catch (Exception ex)
        {
            _server.ConnectionFailed(ex);
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Closes the connection if it is waiting for a request (shutdown); true when it did.</summary>
    public bool CloseIfIdle()
    {
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateIdle) != StateIdle)
        {
            return false;
        }

        _socket.Dispose();
        return true;
    }

    /// <summary>Called by the heartbeat: closes the connection when a read or send it waits on has taken too long.</summary>
    public void CheckDeadline(long now)
    {
        if (now > Volatile.Read(ref _deadline))
        {
            Abort();
        }
    }

    /// <summary>Closes at once, cancelling the request in progress (a timeout, a shutdown that could not wait, or <see cref="ClientExchange.Abort"/>).</summary>
    public void Abort()
    {
        _aborting = true;
        Response.KeepAlive = false;
        Volatile.Write(ref _state, StateClosing);
        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException)
        {
            // A callback of the request's threw; the connection closes either way.
        }

        _socket.Dispose();
    }

    /// <summary>Sends all of <paramref name="bytes"/>; false when the client is gone.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                var send = _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
                int sent;
                if (send.IsCompleted)
                {
                    sent = send.Result;
                }
                else
                {
                    SetDeadline(_options.ReadWriteTimeoutSeconds);
                    sent = await send;
                    ClearDeadline();
                }

                bytes = bytes[sent..];
            }

            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Response.KeepAlive = false;
            return false;
        }
    }

    /// <summary>A request header's value (repeats joined with ", "), the same string instance while it repeats the previous request's.</summary>
    public string? HeaderValue(string name)
    {
        var head = Head;
        var input = _input;
        var first = -1;
        var count = 0;
        for (var i = 0; i < head.FieldCount; i++)
        {
            ref readonly var field = ref head.Fields[i];
            if (field.NameLength == name.Length && Ascii.EqualsIgnoreCase(input.AsSpan(field.NameStart, field.NameLength), name))
            {
                first = first < 0 ? i : first;
                count++;
            }
        }

        if (first < 0)
        {
            return null;
        }

        if (count == 1)
        {
            ref readonly var field = ref head.Fields[first];
            return _values.Get(name, input.AsSpan(field.ValueStart, field.ValueLength));
        }

        var joined = new StringBuilder();
        for (var i = first; i < head.FieldCount; i++)
        {
            ref readonly var field = ref head.Fields[i];
            if (field.NameLength == name.Length && Ascii.EqualsIgnoreCase(input.AsSpan(field.NameStart, field.NameLength), name))
            {
                joined.Append(joined.Length > 0 ? ", " : string.Empty).Append(Encoding.Latin1.GetString(input, field.ValueStart, field.ValueLength));
            }
        }

        return joined.ToString();
    }

    /// <summary>Reads request body bytes (Content-Length or chunked); 0 at the end.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_bodyDone || destination.IsEmpty)
        {
            return 0;
        }

        // The request's own token needs no registration: a cancelled request has its socket closed anyway.
        var token = cancellationToken == _aborted.Token ? CancellationToken.None : cancellationToken;
        try
        {
            return Head.Framing == BodyFraming.Chunked
                ? await ReadChunkedAsync(destination, token)
                : await ReadFixedAsync(destination, token);
        }
        catch (ClientBodyException)
        {
            Response.KeepAlive = false;
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<int> ReadFixedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var want = (int)Math.Min(destination.Length, _bodyRemaining);
        var buffered = _inputEnd - _inputStart;
        int read;
        if (buffered > 0)
        {
            read = Math.Min(buffered, want);
            _input.AsSpan(_inputStart, read).CopyTo(destination.Span);
            _inputStart += read;
        }
        else
        {
            await SendContinueIfExpectedAsync();
            SetDeadline(_options.ReadWriteTimeoutSeconds);
            read = await _socket.ReceiveAsync(destination[..want], SocketFlags.None, cancellationToken);
            ClearDeadline();
            if (read == 0)
            {
                throw new ClientBodyException(400, "The request body ended before its Content-Length.");
            }
        }

        _bodyRemaining -= read;
        if (_bodyRemaining == 0)
        {
            FinishBody();
        }

        return read;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<int> ReadChunkedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            var written = _chunked.Decode(_input.AsSpan(_inputStart, _inputEnd - _inputStart), destination.Span, out var consumed);
            _inputStart += consumed;
            if (_chunked.IsDone)
            {
                FinishBody();
                return written;
            }

            if (written > 0)
            {
                return written;
            }

            await SendContinueIfExpectedAsync();
            MakeRoomWithinRequest();
            SetDeadline(_options.ReadWriteTimeoutSeconds);
            var read = await _socket.ReceiveAsync(_input.AsMemory(_inputEnd), SocketFlags.None, cancellationToken);
            ClearDeadline();
            if (read == 0)
            {
                throw new ClientBodyException(400, "The chunked request body ended before its last chunk.");
            }

            _inputEnd += read;
        }
    }

    /// <summary>
    /// Whether an answer starting now may keep the connection: the server is not stopping, and the rest of an unread
    /// body can be skipped (else the answer says Connection: close).
    /// </summary>
    public bool CanKeepAlive() =>
        !_server.IsStopping &&
        (_bodyDone || (Head.Framing == BodyFraming.ContentLength && _bodyRemaining <= _options.MaxBodyBytesToSkip));

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<bool> ReadHeadAsync()
    {
        if (_monitorState != MonitorIdle)
        {
            Volatile.Write(ref _state, StateIdle);
            var received = await TakeMonitorAsync();
            if (received <= 0 || !BecomeActive())
            {
                return false;
            }

            _inputEnd += received;
        }

        Compact();
        while (true)
        {
            if (_inputEnd > _inputStart)
            {
                if (!BecomeActive())
                {
                    return false;
                }

                if (RequestHeadParser.TryParse(_input.AsSpan(_inputStart, _inputEnd - _inputStart), _inputStart, Head, _options, out var error))
                {
                    ClearDeadline();
                    _headError = error;
                    if (error is null)
                    {
                        _inputStart += Head.Length;
                        _bodyBase = _inputStart;
                    }

                    return true;
                }

                SetDeadline(_options.RequestHeadersTimeoutSeconds);
            }
            else
            {
                Volatile.Write(ref _state, StateIdle);
                if (_server.IsStopping)
                {
                    return false;
                }

                SetDeadline(_options.KeepAliveTimeoutSeconds);
            }

            if (_inputEnd == _input.Length)
            {
                Grow(_input.Length * 2);
            }

            var read = await _socket.ReceiveAsync(_input.AsMemory(_inputEnd), SocketFlags.None);
            if (read == 0)
            {
                return false;
            }

            _inputEnd += read;
        }
    }

    private bool BecomeActive()
    {
        var state = Volatile.Read(ref _state);
        return state == StateActive || (state == StateIdle && Interlocked.CompareExchange(ref _state, StateActive, StateIdle) == StateIdle);
    }

    private void BeginRequest()
    {
        _bodyRemaining = Head.Framing == BodyFraming.ContentLength ? Head.ContentLength : 0;
        _bodyDone = Head.Framing == BodyFraming.None;
        _chunked.Reset();
        _continueSent = false;
        Response.Reset();
        Response.KeepAlive = !Head.WantsClose && !_server.IsStopping;
        if (_bodyDone)
        {
            StartMonitor();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]

    private async ValueTask DispatchAsync()
    {
        if (Head.IsPost && ProxyRoutes.TryMatch(_input.AsSpan(Head.PathStart, Head.PathLength), out var endpoint))
        {
            if (_server.Gate.MustMove())
            {
                await SocketThread.LeaveAsync();
            }

            try
            {
                await _server.Proxy.HandleAsync(_exchange, endpoint);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await AnswerUnhandledAsync(ex);
            }

            return;
        }

        try
        {
            await _server.Application.ProcessAsync(this);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await AnswerUnhandledAsync(ex);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]

    private async ValueTask AnswerUnhandledAsync(Exception ex)
    {
        if (_aborted.IsCancellationRequested || _aborting)
        {
            return;
        }

        _server.RequestFailed(ex);
        if (Response.HasStarted)
        {
            Abort();
            return;
        }

        Response.Reset();
        Response.KeepAlive = false;
        await OpenAIError.WriteAsync(_exchange, 500, OpenAIError.Internal, "internal_error", "The gateway failed to handle the request.");
    }

    /// <summary>Completes the answer and readies the connection for the next request; false when it must close.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> EndRequestAsync()
    {
        if (_aborting || _aborted.IsCancellationRequested)
        {
            return false;
        }

        var completed = await Response.FlushAsync(final: true, CancellationToken.None);
        Response.ReleaseBuffer();
        if (!completed || _aborting)
        {
            return false;
        }

        if (!Response.KeepAlive)
        {
            await CloseGracefullyAsync();
            return false;
        }

        if (!_bodyDone && !await SkipBodyAsync())
        {
            return false;
        }

        if (!_aborted.TryReset())
        {
            return false;
        }

        return true;
    }

    /// <summary>Reads and drops what is left of a body the handler did not read (only Content-Length ones get here).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SkipBodyAsync()
    {
        var buffered = (int)Math.Min(_inputEnd - _inputStart, _bodyRemaining);
        _inputStart += buffered;
        _bodyRemaining -= buffered;
        Compact();
        while (_bodyRemaining > 0)
        {
            SetDeadline(_options.ReadWriteTimeoutSeconds);
            var read = await _socket.ReceiveAsync(_input.AsMemory(0, (int)Math.Min(_input.Length, _bodyRemaining)), SocketFlags.None);
            ClearDeadline();
            if (read == 0)
            {
                return false;
            }

            _bodyRemaining -= read;
        }

        _bodyDone = true;
        return true;
    }

    /// <summary>
    /// Ends the connection after an answer that said Connection: close. When a body may still be on its way, it is read
    /// and dropped for a moment first: closing a socket with unread bytes resets it, and the reset can destroy the
    /// answer before the client has read it.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CloseGracefullyAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            if (_bodyDone || _monitorState != MonitorIdle)
            {
                return;
            }

            var until = Environment.TickCount64 + 2_000;
            Volatile.Write(ref _deadline, until);
            var dropped = 0L;
            while (dropped < 4 * 1024 * 1024 && Environment.TickCount64 < until)
            {
                var read = await _socket.ReceiveAsync(_input.AsMemory(), SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                dropped += read;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Gone already.
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]

    private async ValueTask AnswerHeadErrorAsync(HeadError error)
    {
        Head.Reset();
        Head.IsHttp11 = true;
        Response.Reset();
        Response.KeepAlive = false;
        await OpenAIError.WriteAsync(_exchange, error.StatusCode, OpenAIError.TypeFor(error.StatusCode), "invalid_http_request", error.Message);
        await Response.FlushAsync(final: true, CancellationToken.None);
        Response.ReleaseBuffer();
        await CloseGracefullyAsync();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]

    private async ValueTask SendContinueIfExpectedAsync()
    {
        if (Head.ExpectsContinue && !_continueSent && Head.IsHttp11 && !Response.HasStarted)
        {
            _continueSent = true;
            await SendAsync(_continue, CancellationToken.None);
        }
    }

    private void FinishBody()
    {
        _bodyDone = true;
        StartMonitor();
    }

    /// <summary>Starts the pending receive that watches for the client leaving and reads the next request (see the class summary).</summary>
    private void StartMonitor()
    {
        if (_monitorState != MonitorIdle || _inputEnd > _inputStart)
        {
            // Watching already, or the next request's bytes are here (pipelined): the client has not left, and the
            // next read must start from them rather than wait for more.
            return;
        }

        if (_input.Length - _inputEnd < MinimumReceiveRoom)
        {
            // Offsets into the buffer must hold while the request lasts: grow it, do not compact it.
            Grow(_input.Length + MinimumReceiveRoom * 2);
        }

        _monitorState = MonitorPending;

        // Consumed exactly once: OnMonitorCompleted takes its result, whether it completed here or later.
#pragma warning disable CA2012
        try
        {
            _monitorReceive = _socket.ReceiveAsync(_input.AsMemory(_inputEnd), SocketFlags.None);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _monitorReceive = ValueTask.FromResult(-1);
        }
#pragma warning restore CA2012

        if (_monitorReceive.IsCompleted)
        {
            OnMonitorCompleted();
        }
        else
        {
            _monitorReceive.GetAwaiter().UnsafeOnCompleted(_onMonitorCompleted);
        }
    }

    private void OnMonitorCompleted()
    {
        int result;
        try
        {
            result = _monitorReceive.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            result = -1;
        }

        _monitorReceive = default;
        _monitorResult = result;
        if (result <= 0)
        {
            // The client closed its side (or the connection broke): whatever it asked for is no longer wanted.
            try
            {
                _aborted.Cancel();
            }
            catch (AggregateException)
            {
                // A callback of the request's threw; the request ends either way.
            }
        }

        if (Interlocked.Exchange(ref _monitorState, MonitorDone) == MonitorAwaited)
        {
            _nextBytes.Set(result);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<int> TakeMonitorAsync()
    {
        int result;
        if (Interlocked.CompareExchange(ref _monitorState, MonitorAwaited, MonitorPending) == MonitorPending)
        {
            result = await _nextBytes.WaitAsync();
            _nextBytes.Reset();
        }
        else
        {
            result = _monitorResult;
        }

        _monitorState = MonitorIdle;
        return result;
    }

    /// <summary>Between requests: moves the unread bytes to the front of the buffer.</summary>
    private void Compact()
    {
        if (_inputStart == 0)
        {
            return;
        }

        var length = _inputEnd - _inputStart;
        _input.AsSpan(_inputStart, length).CopyTo(_input);
        _inputStart = 0;
        _inputEnd = length;
        if (length == 0 && _input.Length > InitialInputBytes)
        {
            // A large head or body grew the buffer; an idle connection goes back to the small one.
            ArrayPool<byte>.Shared.Return(_input);
            _input = ArrayPool<byte>.Shared.Rent(InitialInputBytes);
        }
    }

    /// <summary>While a request lasts: frees room behind its head (whose offsets must hold), or grows the buffer.</summary>
    private void MakeRoomWithinRequest()
    {
        if (_inputEnd < _input.Length)
        {
            return;
        }

        if (_inputStart > _bodyBase)
        {
            var length = _inputEnd - _inputStart;
            _input.AsSpan(_inputStart, length).CopyTo(_input.AsSpan(_bodyBase));
            _inputStart = _bodyBase;
            _inputEnd = _bodyBase + length;
            return;
        }

        Grow(_input.Length * 2);
    }

    /// <summary>A larger buffer with every byte at the same offset.</summary>
    private void Grow(int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _input.AsSpan(0, _inputEnd).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_input);
        _input = larger;
    }

    private void SetDeadline(int seconds) => Volatile.Write(ref _deadline, Environment.TickCount64 + (seconds * 1000L));

    private void ClearDeadline() => Volatile.Write(ref _deadline, long.MaxValue);

    private void Close()
    {
        Volatile.Write(ref _state, StateClosing);
        _socket.Dispose();
        Response.ReleaseBuffer();
        _server.Remove(this);

        // The input buffer goes back to the pool only once no receive can still write into it.
        if (_monitorState is MonitorIdle or MonitorDone)
        {
            var input = _input;
            _input = [];
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    /// <summary>Request header strings, reused while their bytes repeat (see <see cref="HeaderValue"/>).</summary>
    private sealed class HeaderValueCache
    {
        private readonly Entry[] _entries = new Entry[6];
        private int _next;

        public string Get(string name, ReadOnlySpan<byte> bytes)
        {
            foreach (var entry in _entries)
            {
                if (entry is not null && ReferenceEquals(entry.Name, name) && bytes.SequenceEqual(entry.Bytes))
                {
                    return entry.Value;
                }
            }

            var value = Encoding.Latin1.GetString(bytes);
            for (var i = 0; i < _entries.Length; i++)
            {
                if (_entries[i] is { } existing && ReferenceEquals(existing.Name, name))
                {
                    _entries[i] = new Entry(name, bytes.ToArray(), value);
                    return value;
                }
            }

            _entries[_next] = new Entry(name, bytes.ToArray(), value);
            _next = (_next + 1) % _entries.Length;
            return value;
        }

        private sealed record Entry(string Name, byte[] Bytes, string Value);
    }
}
