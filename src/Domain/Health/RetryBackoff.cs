using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Health;

/// <summary>
/// When to retry the same target, and after how long. Full jitter (a uniform draw below an exponentially growing,
/// capped ceiling) spreads the retries of many clients so they do not come back in lockstep. A provider's
/// <c>Retry-After</c> is a floor on the wait; one beyond <see cref="RetryBackoffOptions.MaxRetryAfter"/>, or a wait
/// that would not fit in the request's remaining time, means no retry.
/// </summary>
public sealed class RetryBackoff
{
    private readonly RetryBackoffOptions _options;
    private readonly IRandomSource _random;

    public RetryBackoff(RetryBackoffOptions options, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        _options = options;
        _random = random;
    }

    public RetryBackoffOptions Options => _options;

    /// <summary>The ceiling for retry number <paramref name="retry"/> (0 for the first): base × 2^retry, capped.</summary>
    public TimeSpan Ceiling(int retry)
    {
        var exponent = Math.Clamp(retry, 0, 30);
        var ticks = Math.Min(_options.MaxDelay.Ticks, _options.BaseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (0 for the first), or null for "do not retry".
    /// </summary>
    /// <param name="retry">Retries of this target already made in this request.</param>
    /// <param name="retryAfter">The provider's <c>Retry-After</c>, if it sent one.</param>
    /// <param name="remaining">Time left before the request's deadline; null when unbounded.</param>
    public TimeSpan? NextDelay(int retry, TimeSpan? retryAfter, TimeSpan? remaining = null)
    {
        if (retry < 0 || retry >= _options.MaxRetries)
        {
            return null;
        }

        if (retryAfter is { } after && after > _options.MaxRetryAfter)
        {
            return null;
        }

        var jittered = TimeSpan.FromTicks((long)(_random.NextDouble() * Ceiling(retry).Ticks));
        var delay = retryAfter is { } floor && floor > jittered ? floor : jittered;
        if (remaining is { } left && delay >= left)
        {
            return null;
        }

        return delay;
    }
}
