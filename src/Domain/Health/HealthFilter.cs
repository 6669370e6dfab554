using Switchyard.Domain.Strategies;
using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Health;

/// <summary>
/// "Healthy or panic" (YARP's <c>HealthyOrPanicDestinationsPolicy</c>): excludes candidates in cooldown, unless that
/// would leave none, in which case every candidate stays and the caller says so (<c>x-switchyard-health-bypass</c>):
/// refusing all traffic because every target looked unhealthy a moment ago is worse than trying.
/// </summary>
public static class HealthFilter
{
    /// <summary>
    /// Marks unavailable candidates in <paramref name="excluded"/> (indices already excluded stay excluded).
    /// </summary>
    /// <returns>True when every routable candidate not already excluded was unhealthy: nothing was marked (bypass).</returns>
    public static bool Apply(IReadOnlyList<StrategyCandidate> candidates, Span<bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (excluded.Length < candidates.Count)
        {
            throw new ArgumentException("Needs one flag per candidate.", nameof(excluded));
        }

        // Read each circuit once: it may change under our feet, and the decision must be consistent.
        var count = candidates.Count;
        var unavailable = count <= 128 ? stackalloc bool[count] : new bool[count];
        var routable = 0;
        var healthy = 0;
        for (var i = 0; i < count; i++)
        {
            unavailable[i] = !candidates[i].State.Health.IsAvailable;
            if (!excluded[i] && WeightRules.IsRoutable(candidates[i].Weight))
            {
                routable++;
                healthy += unavailable[i] ? 0 : 1;
            }
        }

        if (healthy == 0)
        {
            return routable > 0;
        }

        for (var i = 0; i < count; i++)
        {
            excluded[i] |= unavailable[i];
        }

        return false;
    }
}
