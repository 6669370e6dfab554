namespace Switchyard.Gateway.Resilience;

/// <summary>Configuration section <c>Resilience:Sticky</c>: the in-process tier in front of Redis.</summary>
public sealed class StickyOptions
{
    /// <summary>
    /// How long an instance trusts its in-process copy of an assignment before it checks Redis again (the assignment
    /// itself lives for the group's TTL). Bounds how long two instances can disagree after a Redis outage.
    /// </summary>
    public TimeSpan LocalRecheck { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>In-process assignments kept at most; beyond it expired ones are dropped, then the oldest half.</summary>
    public int MaxLocalEntries { get; set; } = 100_000;
}
