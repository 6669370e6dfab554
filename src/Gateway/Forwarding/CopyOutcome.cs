namespace Switchyard.Gateway.Forwarding;

/// <summary>How copying an upstream answer to the client went.</summary>
public sealed record CopyOutcome
{
    /// <summary>The whole answer reached the client (for a stream: up to the upstream's clean end).</summary>
    public bool Completed { get; init; }

    /// <summary>The upstream broke off (or timed out) mid-body: a stream got an SSE error event, a JSON answer an aborted connection.</summary>
    public bool Truncated { get; init; }

    /// <summary>The client went away; the upstream read was cancelled and its connection closed.</summary>
    public bool ClientAborted { get; init; }

    /// <summary><see cref="ForwardError.None"/>, <see cref="ForwardError.UpstreamBrokeOff"/>, <see cref="ForwardError.Timeout"/> or <see cref="ForwardError.ClientAborted"/>.</summary>
    public ForwardError Error { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public int? TotalTokens { get; init; }

    /// <summary>From sending the request upstream to the first body byte; null when there was none.</summary>
    public TimeSpan? FirstByte { get; init; }

    /// <summary>Body bytes written to the client.</summary>
    public long BytesWritten { get; init; }

    public TokenUsage Usage => new(PromptTokens, CompletionTokens, TotalTokens);
}
