using System.ComponentModel.DataAnnotations;

namespace Switchyard.Gateway.Forwarding;

/// <summary>Settings of the upstream connection pool and the provider dialects; configuration section <c>Forwarding</c>.</summary>
public sealed class UpstreamForwarderOptions
{
    public const string SectionName = "Forwarding";

    /// <summary>Connections are recycled after this long, so DNS changes (provider failover) are picked up. Default 5 minutes.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Idle connections are closed after this long. Default 90 seconds.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Limit of connections per upstream host; null for unbounded (the default).</summary>
    [Range(1, int.MaxValue)]
    public int? MaxConnectionsPerServer { get; set; }

    /// <summary>How long to wait for a TCP/TLS connection. Default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ask for HTTP/2 over TLS (falls back to HTTP/1.1; plain http always uses HTTP/1.1). Default true.</summary>
    public bool PreferHttp2 { get; set; } = true;

    /// <summary>
    /// Plain-http upstreams go through the gateway's own HTTP/1.1 client (no HttpClient objects per request; see
    /// <c>Http1Client.Http1UpstreamClient</c>). Default true; false, a proxy (<see cref="UseProxy"/>) or a connection
    /// limit (<see cref="MaxConnectionsPerServer"/>) send them through SocketsHttpHandler as https upstreams always are.
    /// </summary>
    public bool Http1Client { get; set; } = true;

    /// <summary>Whether the system proxy (HTTP_PROXY…) is used for upstream calls. Default false.</summary>
    public bool UseProxy { get; set; }

    /// <summary>Bytes of a non-2xx answer kept for the error message. Default 4096.</summary>
    [Range(256, 1024 * 1024)]
    public int ErrorBodyLimit { get; set; } = 4096;

    /// <summary>Largest non-streamed answer that is buffered to be translated (Anthropic). Default 32 MiB.</summary>
    [Range(64 * 1024, int.MaxValue)]
    public int MaxTranslatedResponseBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Used when an Azure connection names no api-version.</summary>
    public string DefaultAzureApiVersion { get; set; } = "2024-10-21";

    /// <summary>The <c>anthropic-version</c> header sent to Anthropic.</summary>
    public string AnthropicVersion { get; set; } = "2023-06-01";

    /// <summary><c>max_tokens</c> sent to Anthropic (where it is required) when the request gives none.</summary>
    [Range(1, int.MaxValue)]
    public int AnthropicDefaultMaxTokens { get; set; } = 4096;

    /// <summary>The User-Agent sent upstream when the client's is not passed through.</summary>
    public string UserAgent { get; set; } = "Switchyard-Gateway/1.0";
}
