namespace Switchyard.Domain.Health;

/// <summary>Retries of one target: bounded exponential backoff with full jitter, honouring <c>Retry-After</c> up to a cap.</summary>
public sealed class RetryBackoffOptions
{
    /// <summary>Retries of the same target within one request (0 turns them off); only when it is the only target.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry waits up to this long; each further retry doubles the ceiling.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The ceiling never grows beyond this.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>A <c>Retry-After</c> longer than this is not waited for: the caller gets the 429 and the header instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentException("Retry:MaxRetries must be between 0 and 10.", nameof(MaxRetries));
        }

        if (BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentException("Retry:BaseDelay must be positive and Retry:MaxDelay at least as long.", nameof(BaseDelay));
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("Retry:MaxRetryAfter must not be negative.", nameof(MaxRetryAfter));
        }
    }
}
