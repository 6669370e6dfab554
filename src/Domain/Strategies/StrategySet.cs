using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>One instance of every strategy, looked up by a group's <see cref="RoutingStrategy"/> (unknown → weighted).</summary>
public sealed class StrategySet
{
    private readonly ISelectionStrategy[] _byKind;

    public StrategySet(IRandomSource random, StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _byKind =
        [
            new WeightedStrategy(random),
            new LeastOutstandingStrategy(random),
            new LeastLatencyStrategy(random, options),
            new UsageAwareStrategy(random, options),
            new HybridStrategy(random, options),
        ];
    }

    public ISelectionStrategy Get(RoutingStrategy kind)
    {
        var index = (int)kind;
        return index >= 0 && index < _byKind.Length ? _byKind[index] : _byKind[0];
    }
}
