namespace Switchyard.Domain.Health;

/// <summary>
/// When passive health takes a target out of rotation. Either trigger opens the circuit: <see cref="ConsecutiveFailures"/>
/// failures in a row, or a failure rate of at least <see cref="FailureRateThreshold"/> over at least
/// <see cref="MinimumRequests"/> requests within <see cref="Window"/>. After <see cref="Cooldown"/> one trial request decides.
/// </summary>
public sealed class PassiveHealthOptions
{
    public int ConsecutiveFailures { get; set; } = 3;

    /// <summary>0 &lt; threshold ≤ 1; 0.5 means "half of the requests failed".</summary>
    public double FailureRateThreshold { get; set; } = 0.5;

    public int MinimumRequests { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A trial that has not reported after this long (a lost request) no longer blocks the next trial.</summary>
    public TimeSpan TrialTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest cooldown a <c>Retry-After</c> from a provider may impose.</summary>
    public TimeSpan MaxRetryAfterCooldown { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Buckets the window is divided into; more is finer-grained, fewer is cheaper.</summary>
    public int WindowBuckets { get; set; } = 10;

    /// <summary>Throws when a value makes no sense, naming it, so a bad configuration fails at start-up.</summary>
    public void Validate()
    {
        Require(ConsecutiveFailures >= 1, nameof(ConsecutiveFailures), "must be at least 1");
        Require(FailureRateThreshold > 0 && FailureRateThreshold <= 1, nameof(FailureRateThreshold), "must be in (0, 1]");
        Require(MinimumRequests >= 1, nameof(MinimumRequests), "must be at least 1");
        Require(Window > TimeSpan.Zero, nameof(Window), "must be positive");
        Require(Cooldown > TimeSpan.Zero, nameof(Cooldown), "must be positive");
        Require(TrialTimeout > TimeSpan.Zero, nameof(TrialTimeout), "must be positive");
        Require(MaxRetryAfterCooldown >= TimeSpan.Zero, nameof(MaxRetryAfterCooldown), "must not be negative");
        Require(WindowBuckets is >= 1 and <= 600, nameof(WindowBuckets), "must be between 1 and 600");
    }

    private static void Require(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"PassiveHealth:{name} {message}.", name);
        }
    }
}
