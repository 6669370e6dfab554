using Switchyard.Domain.Groups;

namespace Switchyard.Gateway.Tests.Resilience;

/// <summary>The shared stack of <see cref="TwoInstanceTests"/>: one group per scenario, so tests never disturb each other.</summary>
public sealed class ScenarioGateways : TwoGateways
{
    public const int UsageRpm = 10;

    protected override void Seed()
    {
        AddConnection("h1");
        AddConnection("h2");
        AddConnection("flaky", "fail=503@0.3", "seed=7");
        AddGroup("flaky3", ("h1", 1), ("h2", 1), ("flaky", 1));

        AddConnection("s1");
        AddConnection("s2");
        AddConnection("s3");
        var sticky = AddGroup("sticky", ("s1", 1), ("s2", 1), ("s3", 1));
        sticky.StickyHashFields = ["metadata.user_id"];
        sticky.StickyTtlSeconds = 3600;

        AddConnection("u1");
        var usage = AddGroup("usage", ("u1", 1));
        usage.Strategy = RoutingStrategy.UsageAware;
        usage.Targets[0].RpmLimit = UsageRpm;

        AddConnection("e1");
        AddConnection("e2");
        AddGroup("edit", ("e1", 1), ("e2", 1));

        AddConnection("early", "fail=503");
        AddConnection("backup");
        var streamFallback = AddGroup("stream-fallback", ("early", 1));
        streamFallback.FallbackModels = [$"backup/{Model}"];

        AddConnection("cut", "cut_after=2", "chunks=6");
        AddGroup("cut", ("cut", 1));

        AddConnection("ua", "fail_first=3");
        AddConnection("ub", "fail_first=3");
        AddGroup("unhealthy", ("ua", 1), ("ub", 1));

        AddConnection("r1", "fail=429", "fail_first=1", "retry_after=1");
        AddGroup("retry-single", ("r1", 1));

        AddConnection("rl", "fail=429", "retry_after=3");
        AddConnection("ok");
        AddGroup("retry-cooldown", ("rl", 100_000), ("ok", 1));
    }
}
