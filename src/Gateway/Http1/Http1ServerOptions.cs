using System.ComponentModel.DataAnnotations;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// Configuration section <c>Gateway:Http1</c>: limits and timeouts of the gateway's own HTTP/1.1 server (the default
/// server, <c>Gateway:Server=Switchyard</c>). The defaults are Kestrel's. Documented in docs/gateway.md.
/// </summary>
public sealed class Http1ServerOptions
{
    public const string SectionName = "Gateway:Http1";

    /// <summary>How long a keep-alive connection may wait for its next request.</summary>
    [Range(1, 86_400)]
    public int KeepAliveTimeoutSeconds { get; set; } = 130;

    /// <summary>How long the request line and headers may take to arrive once a request has begun.</summary>
    [Range(1, 3_600)]
    public int RequestHeadersTimeoutSeconds { get; set; } = 30;

    /// <summary>How long one read of a request body, or one send of a response, may go without progress.</summary>
    [Range(1, 3_600)]
    public int ReadWriteTimeoutSeconds { get; set; } = 30;

    /// <summary>The request line and headers together; more is a 431 (a request line alone over <see cref="MaxRequestLineBytes"/>, 414).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    [Range(256, 1024 * 1024)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    [Range(1, 10_000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>
    /// A request whose body was not read (answered early, e.g. with a 401) leaves its connection open for the next
    /// one when at most this much of it is left to skip; a longer one closes the connection after the answer.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxBodyBytesToSkip { get; set; } = 1024 * 1024;
}
