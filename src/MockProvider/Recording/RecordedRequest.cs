namespace Switchyard.MockProvider.Recording;

/// <summary>A request as the mock received it, and how it was answered. A snapshot: later progress is not reflected.</summary>
/// <param name="Id">Increasing number; also sent back in the <c>x-mock-request-id</c> response header.</param>
/// <param name="StartedAt">When the request arrived.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query string as received.</param>
/// <param name="Name">The <c>name=</c> option (or <c>mock</c>); null when the path was no mock endpoint.</param>
/// <param name="Headers">Every request header, lower-case name to comma-joined values (credentials included: this is a test double).</param>
/// <param name="Body">The request body as UTF-8 text, cut after <see cref="RequestLog.MaxRecordedBodyBytes"/> bytes.</param>
/// <param name="BodyTruncated">Whether <paramref name="Body"/> is only the beginning of the body.</param>
/// <param name="Model">The <c>model</c> of a JSON body, when it had one.</param>
/// <param name="Stream">Whether the body asked for a stream.</param>
/// <param name="Status">Response status once headers were sent; null while waiting or if none was sent.</param>
/// <param name="Outcome">How the exchange ended so far.</param>
/// <param name="DurationMs">Milliseconds from arrival to the end; null while in progress.</param>
public sealed record RecordedRequest(
    long Id,
    DateTimeOffset StartedAt,
    string Method,
    string Path,
    string? Name,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    bool BodyTruncated,
    string? Model,
    bool Stream,
    int? Status,
    RequestOutcome Outcome,
    double? DurationMs)
{
    public bool ClientAborted => Outcome == RequestOutcome.ClientAborted;
}
