namespace Switchyard.Gateway.Pipeline;

/// <summary>One target tried for a request, for the 502 message, the route trace and the log.</summary>
public readonly record struct AttemptRecord(string Target, string Outcome);
