using System.Buffers;

namespace Switchyard.Gateway.Pipeline;

/// <summary>
/// One client request and its answer as the proxy path sees them, whichever server read the request: the gateway's
/// own HTTP/1.1 server (<c>Http1Exchange</c>, the default) or ASP.NET Core
/// (<see cref="HttpContextExchange"/>: Kestrel, and the requests the own server hands to ASP.NET Core). The proxy path
/// needs only this much of HTTP, and keeping it this small is what lets the own server answer without building an
/// <see cref="HttpContext"/> (bench/README.md).
/// </summary>
public abstract class ClientExchange
{
    /// <summary>Cancelled when the client goes away (or the server aborts the connection).</summary>
    public abstract CancellationToken RequestAborted { get; }

    /// <summary>The request's declared body length; null when it has none (chunked).</summary>
    public abstract long? RequestContentLength { get; }

    /// <summary>
    /// A request header's value, the values of a repeated header joined with ", "; null when absent. On one HTTP/1.1
    /// connection a value that repeats the previous request's is the same string instance (both servers keep it), which
    /// <see cref="Authentication.ApiKeyAuthenticator"/> uses to skip hashing a key it has just hashed.
    /// </summary>
    public abstract string? RequestHeader(string name);

    /// <summary>
    /// A slot that lives as long as the client connection, for state that only requests one after another may share
    /// (HTTP/1.x); <see cref="HasConnectionState"/> is false where requests run at once on one connection (HTTP/2).
    /// </summary>
    public abstract object? ConnectionState { get; set; }

    public abstract bool HasConnectionState { get; }

    /// <summary>Reads request body bytes; 0 at its end. Throws <see cref="ClientBodyException"/> for a malformed or too large body.</summary>
    public abstract ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Whether the status line and headers have gone to the client (they can no longer change).</summary>
    public abstract bool HasStarted { get; }

    public abstract int StatusCode { get; set; }

    /// <summary>Sets (replaces) a response header.</summary>
    public abstract void SetHeader(string name, string value);

    /// <summary>Sets (replaces) a response header that has several values, each sent on its own line.</summary>
    public abstract void SetHeader(string name, string[] values);

    public abstract bool HasHeader(string name);

    public abstract void RemoveHeader(string name);

    /// <summary>The answer's length when known before it is written; null sends it chunked (streams).</summary>
    public abstract long? ResponseContentLength { set; }

    /// <summary>Where the answer's body is written; nothing leaves before <see cref="FlushAsync"/>.</summary>
    public abstract IBufferWriter<byte> Body { get; }

    /// <summary>
    /// Sends what <see cref="Body"/> holds (with the headers, the first time). False when the client is gone; an
    /// exception (<see cref="IOException"/>, <see cref="OperationCanceledException"/>…) means the same.
    /// </summary>
    public abstract ValueTask<bool> FlushAsync(CancellationToken cancellationToken);

    /// <summary>Streams: every flush goes out at once (no response buffering or compression in between).</summary>
    public abstract void DisableBuffering();

    /// <summary>Closes the client connection without a clean end (a partial JSON answer must not pass for a whole one).</summary>
    public abstract void Abort();

    /// <summary>Writes and flushes <paramref name="bytes"/>.</summary>
    public ValueTask<bool> WriteAsync(ReadOnlySpan<byte> bytes, CancellationToken cancellationToken)
    {
        Body.Write(bytes);
        return FlushAsync(cancellationToken);
    }
}
