using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>How close a target is to its RPM/TPM limits, and what that does to its share.</summary>
public static class UsageHeadroom
{
    /// <summary>The larger of requests ÷ RPM limit and tokens ÷ TPM limit; 0 when the target has no limits.</summary>
    public static double UsedFraction(RouteTarget target, UsageSnapshot usage)
    {
        ArgumentNullException.ThrowIfNull(target);
        var fraction = 0.0;
        if (target.RpmLimit is { } rpm)
        {
            fraction = rpm <= 0 ? double.PositiveInfinity : Math.Max(fraction, (double)usage.Requests / rpm);
        }

        if (target.TpmLimit is { } tpm)
        {
            fraction = tpm <= 0 ? double.PositiveInfinity : Math.Max(fraction, (double)usage.Tokens / tpm);
        }

        return fraction;
    }

    /// <summary>True when one more request would go over a limit: such a target gets nothing.</summary>
    public static bool IsExhausted(RouteTarget target, UsageSnapshot usage) => UsedFraction(target, usage) >= 1;

    /// <summary>
    /// 1 up to <paramref name="softLimit"/> of the limit, then falling linearly to 0 at the limit (and 0 beyond):
    /// a target near its limit receives less, one at or over it receives nothing.
    /// </summary>
    public static double Factor(RouteTarget target, UsageSnapshot usage, double softLimit)
    {
        var used = UsedFraction(target, usage);
        if (used >= 1)
        {
            return 0;
        }

        return used <= softLimit ? 1 : (1 - used) / (1 - softLimit);
    }
}
