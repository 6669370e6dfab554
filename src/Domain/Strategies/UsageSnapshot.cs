namespace Switchyard.Domain.Strategies;

/// <summary>
/// What a target has used in the current limit window (60 s), counted across every gateway instance: requests
/// started and tokens reported. <see cref="None"/> when nothing is known (no limits, or counters unavailable).
/// </summary>
public readonly record struct UsageSnapshot(long Requests, long Tokens)
{
    public static UsageSnapshot None => default;
}
