namespace Switchyard.Domain.Strategies;

/// <summary>Tuning of the latency- and usage-aware strategies; the defaults suit LLM traffic.</summary>
public sealed class StrategyOptions
{
    /// <summary><c>least_latency</c>: targets within this fraction of the fastest share traffic by weight (0.2 = 20 % slower).</summary>
    public double LatencyTolerance { get; set; } = 0.2;

    /// <summary><c>least_latency</c>: an absolute slack added to the band, so that 8 ms vs 10 ms count as equal.</summary>
    public TimeSpan LatencyAbsoluteTolerance { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// <c>usage_aware</c> and <c>hybrid</c>: below this fraction of a limit a target gets its full weight; above it the
    /// weight falls linearly to 0 at the limit.
    /// </summary>
    public double UsageSoftLimit { get; set; } = 0.8;

    /// <summary><c>hybrid</c>: the smallest factor health or latency can scale a weight down to, so nobody is starved of probes.</summary>
    public double HybridMinimumFactor { get; set; } = 0.05;

    public void Validate()
    {
        if (!(LatencyTolerance >= 0 && double.IsFinite(LatencyTolerance)))
        {
            throw new ArgumentException("Strategies:LatencyTolerance must be a finite number ≥ 0.", nameof(LatencyTolerance));
        }

        if (LatencyAbsoluteTolerance < TimeSpan.Zero)
        {
            throw new ArgumentException("Strategies:LatencyAbsoluteTolerance must not be negative.", nameof(LatencyAbsoluteTolerance));
        }

        if (!(UsageSoftLimit >= 0 && UsageSoftLimit < 1))
        {
            throw new ArgumentException("Strategies:UsageSoftLimit must be in [0, 1).", nameof(UsageSoftLimit));
        }

        if (!(HybridMinimumFactor > 0 && HybridMinimumFactor <= 1))
        {
            throw new ArgumentException("Strategies:HybridMinimumFactor must be in (0, 1].", nameof(HybridMinimumFactor));
        }
    }
}
