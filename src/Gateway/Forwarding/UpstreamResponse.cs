using Switchyard.Gateway.Forwarding.Anthropic;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// What <see cref="UpstreamForwarder.SendAsync"/> learned once the upstream's headers (and, for a success, its
/// first body bytes) arrived, or why it failed. A success or an upstream error answer stays open for
/// <see cref="UpstreamForwarder.CopyToAsync"/>; dispose it in every case to release the connection.
/// </summary>
public sealed class UpstreamResponse : IDisposable
{
    internal UpstreamResponse(ForwardError error, int statusCode, UpstreamExchange? exchange)
    {
        Error = error;
        StatusCode = statusCode;
        Exchange = exchange;
    }

    public ForwardError Error { get; }

    /// <summary>The upstream's status; 0 when no answer arrived; 400 for <see cref="ForwardError.RequestRejected"/>.</summary>
    public int StatusCode { get; }

    public bool IsSuccess => Error == ForwardError.None;

    /// <summary>From <c>retry-after-ms</c> or <c>Retry-After</c> (seconds or date) of an error answer.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The start (at most <see cref="UpstreamForwarderOptions.ErrorBodyLimit"/> bytes) of an error answer, with the connection's secret masked.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>One line for logs and the "what was tried" message: never contains secrets.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>From sending to the upstream's response headers.</summary>
    public TimeSpan? HeadersTime { get; init; }

    /// <summary>From sending to the first body byte (successes only).</summary>
    public TimeSpan? FirstByte { get; init; }

    /// <summary>Whether there is an answer <see cref="UpstreamForwarder.CopyToAsync"/> can copy (a success or an upstream error answer).</summary>
    public bool HasBody => Exchange?.Response is not null;

    internal UpstreamExchange? Exchange { get; }

    internal ResponseDialect Dialect { get; init; }

    internal AnthropicRequestInfo Anthropic { get; init; }

    /// <summary>The target's model, for translated answers that do not name one.</summary>
    internal string Model { get; init; } = string.Empty;

    /// <summary>See <see cref="ForwardErrorExtensions.IsRetryable"/>.</summary>
    public bool IsRetryable(IReadOnlyCollection<int>? retryableStatusCodes = null) => Error.IsRetryable(StatusCode, retryableStatusCodes);

    public void Dispose() => Exchange?.Dispose();

    internal static UpstreamResponse Failed(ForwardError error, int statusCode, string message) => new(error, statusCode, null) { ErrorMessage = message };
}
