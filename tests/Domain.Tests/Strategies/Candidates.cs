using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;
using Switchyard.Domain.Tests.Health;

namespace Switchyard.Domain.Tests.Strategies;

/// <summary>Builds strategy candidates over one shared manual clock.</summary>
internal sealed class Candidates
{
    public ManualClock Clock { get; } = new();

    public StrategyOptions Options { get; } = new();

    public TargetStateRegistry Registry { get; }

    public Candidates()
    {
        Registry = new TargetStateRegistry(new PassiveHealthOptions(), new LatencyOptions(), Clock);
    }

    public StrategyCandidate Make(string model, double weight = 1, int? rpm = null, int? tpm = null, UsageSnapshot usage = default)
    {
        var target = new RouteTarget(TestData.ConnectionRoute("c-" + model), model, weight, rpm, tpm);
        return new StrategyCandidate(target, Registry.Get(target), usage);
    }

    public static int[] Count(ISelectionStrategy strategy, IReadOnlyList<StrategyCandidate> candidates, int draws, ReadOnlySpan<bool> excluded = default)
    {
        var counts = new int[candidates.Count];
        for (var i = 0; i < draws; i++)
        {
            counts[strategy.Pick(candidates, excluded)]++;
        }

        return counts;
    }
}
