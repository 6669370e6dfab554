namespace Switchyard.Domain.Health;

/// <summary>How a target's latency is averaged (exponentially weighted moving average).</summary>
public sealed class LatencyOptions
{
    /// <summary>Weight of the newest sample, in (0, 1]: 0.2 means about the last ten samples matter.</summary>
    public double Alpha { get; set; } = 0.2;

    /// <summary>A target not measured for this long counts as unmeasured again, so a once-slow target gets re-probed.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (!(Alpha > 0 && Alpha <= 1))
        {
            throw new ArgumentException("Latency:Alpha must be in (0, 1].", nameof(Alpha));
        }

        if (StaleAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException("Latency:StaleAfter must be positive.", nameof(StaleAfter));
        }
    }
}
