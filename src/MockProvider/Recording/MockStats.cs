namespace Switchyard.MockProvider.Recording;

/// <summary>Counters since start or the last clear.</summary>
/// <param name="Total">Requests received.</param>
/// <param name="InFlight">Requests not yet finished (not reset by a clear).</param>
/// <param name="Completed">Requests answered in full (errors included).</param>
/// <param name="ClientAborted">Requests whose client went away before the answer was complete.</param>
/// <param name="ServerAborted">Requests the mock broke off on purpose (<c>cut_after</c>, <c>fail=reset</c>) or at shutdown.</param>
/// <param name="Streams">Requests that asked for a stream.</param>
/// <param name="ByStatus">Finished requests by the status they were answered with (<c>"200"</c>, <c>"503"</c>…); a request aborted before its headers has none.</param>
/// <param name="StreamsClientAborted">Streaming requests whose client went away before the end: proof that a caller cancelled upstream work.</param>
public sealed record MockStats(
    long Total,
    long InFlight,
    long Completed,
    long ClientAborted,
    long ServerAborted,
    long Streams,
    long StreamsClientAborted,
    IReadOnlyDictionary<string, long> ByStatus);
