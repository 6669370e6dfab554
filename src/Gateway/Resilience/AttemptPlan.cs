using System.Collections;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Resilience;

/// <summary>
/// The targets of one request in the order they are tried (candidates by strategy, sticky target first, then the
/// fallbacks), plus what the request learned on the way: whether health was bypassed and whether a usage limit turned
/// a target away. One per request; not thread-safe.
/// </summary>
public sealed class AttemptPlan : IReadOnlyList<PlannedTarget>
{
    private readonly List<PlannedTarget> _targets;

    internal AttemptPlan(List<PlannedTarget> targets, bool healthBypass)
    {
        _targets = targets;
        HealthBypass = healthBypass;
    }

    public int Count => _targets.Count;

    public PlannedTarget this[int index] => _targets[index];

    /// <summary>Every candidate was unhealthy, so they are tried anyway (<c>x-switchyard-health-bypass: true</c>).</summary>
    public bool HealthBypass { get; internal set; }

    /// <summary>At least one target was skipped because it reached its RPM/TPM limit.</summary>
    public bool LimitReached { get; internal set; }

    /// <summary>Targets let through so far (attempts started).</summary>
    public int Admitted { get; internal set; }

    public IEnumerator<PlannedTarget> GetEnumerator() => _targets.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
