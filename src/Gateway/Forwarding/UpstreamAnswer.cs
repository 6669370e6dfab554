using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// An upstream's answer once its head has arrived, whichever client received it: the gateway's own HTTP/1.1 client
/// for plain-http upstreams (<see cref="Http1Client.Http1UpstreamAnswer"/>) or <see cref="HttpClient"/>'s
/// <see cref="SocketsHttpHandler"/> (<see cref="HttpClientAnswer"/>: TLS, HTTP/2, a proxy). Disposing it ends the
/// exchange: a body read to its end leaves the connection for the next request, anything else closes it.
/// </summary>
internal abstract class UpstreamAnswer : IDisposable
{
    public abstract int StatusCode { get; }

    public abstract long? ContentLength { get; }

    /// <summary>The media type of <c>Content-Type</c>, without parameters; null when absent.</summary>
    public abstract string? MediaType { get; }

    /// <summary>The first value of a response header; null when absent.</summary>
    public abstract string? Header(string name);

    /// <summary>The body, de-framed (no chunk sizes), as it arrives.</summary>
    public abstract ValueTask<Stream> OpenContentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sets on <paramref name="client"/> the headers that may cross the gateway (<see cref="HeaderPolicy.MayReturn"/>),
    /// leaving out those that describe the body when the gateway rewrites it (<paramref name="translated"/>).
    /// </summary>
    public abstract void CopyHeadersTo(ClientExchange client, bool translated);

    public abstract void Dispose();

    /// <summary>Whether a header of this name is copied to the client.</summary>
    protected static bool ShouldCopy(string name, bool translated) =>
        HeaderPolicy.MayReturn(name) && !(translated && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase));
}
