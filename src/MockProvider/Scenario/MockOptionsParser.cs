using System.Globalization;

namespace Switchyard.MockProvider.Scenario;

/// <summary>
/// Turns the option segments of a path (<c>delay_ms=200</c>, <c>fail=503@0.3</c>, …) into <see cref="MockOptions"/>.
/// Unknown options, repeated options and bad values are errors rather than silently ignored, so a typo in a
/// test's base URL fails loudly instead of testing a healthy target by accident.
/// </summary>
internal static class MockOptionsParser
{
    private const int MaxDelayMs = 600_000;
    private const int MaxChunks = 10_000;
    private const int MaxNameLength = 64;

    public static bool TryParse(IReadOnlyList<string> segments, out MockOptions options, out string error)
    {
        options = MockOptions.Default;
        error = string.Empty;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var segment in segments)
        {
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            var key = segment[..separator];
            var value = segment[(separator + 1)..];

            if (!seen.Add(key))
            {
                error = $"Mock option '{key}' is given more than once.";
                return false;
            }

            var applied = key switch
            {
                "delay_ms" => TryInt(value, 0, MaxDelayMs, out var v) && Set(ref options, options with { DelayMs = v }),
                "first_byte_ms" => TryInt(value, 0, MaxDelayMs, out var v) && Set(ref options, options with { FirstByteMs = v }),
                "chunk_delay_ms" => TryInt(value, 0, MaxDelayMs, out var v) && Set(ref options, options with { ChunkDelayMs = v }),
                "fail" => TryFailure(value, out var f) && Set(ref options, options with { Fail = f }),
                "fail_first" => TryInt(value, 0, int.MaxValue, out var v) && Set(ref options, options with { FailFirst = v }),
                "retry_after" => TryInt(value, 0, 86_400, out var v) && Set(ref options, options with { RetryAfterSeconds = v }),
                "seed" => TryInt(value, int.MinValue, int.MaxValue, out var v) && Set(ref options, options with { Seed = v }),
                "cut_after" => TryInt(value, 0, MaxChunks, out var v) && Set(ref options, options with { CutAfter = v }),
                "name" => IsValidName(value) && Set(ref options, options with { Name = value }),
                "chunks" => TryInt(value, 1, MaxChunks, out var v) && Set(ref options, options with { Chunks = v }),
                "hang" => TryFlag(value, out var b) && Set(ref options, options with { Hang = b }),
                "require_key" => value.Length > 0 && Set(ref options, options with { RequireKey = value }),
                "models" => TryList(value, out var list) && Set(ref options, options with { Models = list }),
                _ => (bool?)null,
            };

            if (applied is null)
            {
                error = $"Unknown mock option '{key}'. Known options: delay_ms, first_byte_ms, chunk_delay_ms, fail, fail_first, "
                    + "retry_after, seed, cut_after, name, chunks, hang, require_key, models.";
                return false;
            }

            if (applied is false)
            {
                error = $"Invalid value '{value}' for mock option '{key}'.";
                return false;
            }
        }

        if (options.FailFirst is not null && options.Fail is null)
        {
            // fail_first alone reads naturally as "fail the first N", so give it the commonest transient failure.
            options = options with { Fail = new FailureSpec(503, 1.0) };
        }

        return true;
    }

    // Lets each switch arm both validate and assign in one expression.
    private static bool Set(ref MockOptions target, MockOptions value)
    {
        target = value;
        return true;
    }

    private static bool TryInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool TryFlag(string text, out bool value)
    {
        value = text is "1" or "true";
        return value || text is "0" or "false";
    }

    private static bool TryFailure(string text, out FailureSpec? failure)
    {
        failure = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var statusText = at < 0 ? text : text[..at];
        var rate = 1.0;

        if (at >= 0
            && (!double.TryParse(text[(at + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate)
                || rate < 0 || rate > 1))
        {
            return false;
        }

        if (statusText == "reset")
        {
            failure = new FailureSpec(null, rate);
            return true;
        }

        if (!TryInt(statusText, 400, 599, out var status))
        {
            return false;
        }

        failure = new FailureSpec(status, rate);
        return true;
    }

    private static bool IsValidName(string text) =>
        text.Length is > 0 and <= MaxNameLength
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool TryList(string text, out IReadOnlyList<string> items)
    {
        items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Count > 0;
    }
}
