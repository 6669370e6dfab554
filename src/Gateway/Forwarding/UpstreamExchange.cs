using System.Buffers;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// Everything one upstream exchange holds until it is disposed: the timers, the request (and a translated body),
/// the response and its stream, and the bytes read ahead of the copy. Disposing it mid-body closes the upstream
/// connection, which is how a client abort or a timeout reaches the provider.
/// </summary>
internal sealed class UpstreamExchange : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource _linked;
    private CancellationTokenSource? _firstByte;
    private CancellationTokenSource? _firstByteLinked;
    private int _disposed;

    public UpstreamExchange(TimeSpan? timeout, TimeSpan? firstByteTimeout, TimeProvider time, CancellationToken caller)
    {
        Caller = caller;
        Timeout = IsFinite(timeout) ? timeout : null;
        FirstByteTimeout = IsFinite(firstByteTimeout) ? firstByteTimeout : null;
        if (Timeout is { } total)
        {
            _timeout = new CancellationTokenSource(total, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timeout.Token);
        }
        else
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller);
        }

        if (FirstByteTimeout is { } firstByte)
        {
            _firstByte = new CancellationTokenSource(firstByte, time);
            _firstByteLinked = CancellationTokenSource.CreateLinkedTokenSource(_linked.Token, _firstByte.Token);
        }
    }

    /// <summary>The caller's token (the client request's RequestAborted).</summary>
    public CancellationToken Caller { get; }

    public TimeSpan? Timeout { get; }

    public TimeSpan? FirstByteTimeout { get; }

    /// <summary>Cancelled by the caller or the request timeout.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary><see cref="Token"/>, also cancelled by the first-byte timeout until <see cref="EndFirstByteWindow"/>.</summary>
    public CancellationToken FirstByteToken => _firstByteLinked?.Token ?? _linked.Token;

    public bool TimedOut => _timeout?.IsCancellationRequested == true;

    public bool FirstByteTimedOut => _firstByte?.IsCancellationRequested == true;

    public HttpRequestMessage? Request { get; set; }

    /// <summary>A request body the forwarder produced (a translation); returned to the pool on dispose.</summary>
    public PooledByteBufferWriter? OwnedBody { get; set; }

    public UpstreamAnswer? Response { get; set; }

    public Stream? Content { get; set; }

    /// <summary>Body bytes read before the copy (the first chunk, or the start of an error answer); pooled.</summary>
    public byte[]? Prefix { get; set; }

    public int PrefixLength { get; set; }

    /// <summary>The upstream body ended within <see cref="Prefix"/>.</summary>
    public bool PrefixIsWholeBody { get; set; }

    public void EndFirstByteWindow()
    {
        _firstByteLinked?.Dispose();
        _firstByte?.Dispose();
        _firstByteLinked = null;
        _firstByte = null;
    }

    /// <summary>Closes the upstream response at once (idempotent); the timers and buffers stay until <see cref="Dispose"/>.</summary>
    public void AbortResponse()
    {
        var content = Content;
        var response = Response;
        Content = null;
        Response = null;
        content?.Dispose();
        response?.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AbortResponse();
        Request?.Dispose();
        OwnedBody?.Dispose();
        EndFirstByteWindow();
        _linked.Dispose();
        _timeout?.Dispose();
        if (Prefix is { } prefix)
        {
            Prefix = null;
            ArrayPool<byte>.Shared.Return(prefix);
        }
    }

    private static bool IsFinite(TimeSpan? value) => value is { } v && v > TimeSpan.Zero && v != System.Threading.Timeout.InfiniteTimeSpan;
}
