namespace Switchyard.MockProvider.Recording;

/// <summary>Counters since start or the last clear.</summary>
/// <param name="Total">Requests received.</param>
/// <param name="InFlight">Requests not yet finished (not reset by a clear).</param>
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
