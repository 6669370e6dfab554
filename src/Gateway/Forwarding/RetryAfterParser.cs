using System.Globalization;

namespace Switchyard.Gateway.Forwarding;

/// <summary>How long the upstream asks us to wait: <c>retry-after-ms</c> (OpenAI, Azure) or <c>Retry-After</c> (seconds or an HTTP date).</summary>
internal static class RetryAfterParser
{
    private static readonly TimeSpan _max = TimeSpan.FromDays(1);

    public static TimeSpan? Parse(UpstreamAnswer answer, TimeProvider time)
    {
        if (answer.Header("retry-after-ms") is { } milliseconds
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && double.IsFinite(ms) && ms >= 0)
        {
            return Clamp(TimeSpan.FromMilliseconds(Math.Min(ms, _max.TotalMilliseconds)));
        }

        if (answer.Header("Retry-After") is not { } value)
        {
            return null;
        }

        var text = value.Trim();

        // Seconds are an integer by the RFC; some providers send a fraction, which is still meant as seconds.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return Clamp(TimeSpan.FromSeconds(Math.Clamp(seconds, 0, _max.TotalSeconds)));
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            return Clamp(date - time.GetUtcNow());
        }

        return null;
    }

    private static TimeSpan Clamp(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value > _max ? _max : value;
}
