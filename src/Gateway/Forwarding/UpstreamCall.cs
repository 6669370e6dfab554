using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Forwarding;

/// <summary>One attempt against one target: what <see cref="UpstreamForwarder.SendAsync"/> sends.</summary>
public sealed record UpstreamCall
{
    public required RouteTarget Target { get; init; }

    /// <summary>The connection's decrypted API key; null sends no credential. Never logged or echoed.</summary>
    public string? Secret { get; init; }

    public required GatewayEndpoint Endpoint { get; init; }

    /// <summary>
    /// The OpenAI-format body to send (the output of <c>GatewayRequestBody.WriteForwardBody</c>); translated when
    /// the target speaks another dialect. Must stay unchanged until the <see cref="UpstreamResponse"/> is disposed.
    /// Ignored for <see cref="GatewayEndpoint.Models"/>.
    /// </summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Whether the client asked for a stream (<c>stream: true</c>).</summary>
    public bool Stream { get; init; }

    /// <summary>Bounds the whole exchange, from sending to the last byte copied; null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>For streams: bounds the time from sending to the first body byte. Ignored when <see cref="Stream"/> is false.</summary>
    public TimeSpan? FirstByteTimeout { get; init; }

    /// <summary>Extra request headers (e.g. from <see cref="ForwardedClientHeaders.Select"/>); credentials and hop-by-hop headers among them are dropped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }
}
