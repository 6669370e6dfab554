using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Health;

public sealed class TargetStateRegistryTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Get_SameConnectionAndModelAfterAReload_ReturnsTheSameState()
    {
        var registry = new TargetStateRegistry(new PassiveHealthOptions(), new LatencyOptions(), _clock);
        var connection = TestData.ConnectionRoute("openai-main");
        var before = new RouteTarget(connection, "gpt-4o", weight: 3);
        var after = new RouteTarget(connection with { Slug = "renamed" }, "gpt-4o", weight: 1);

        registry.Get(before).Health.Cooldown(TimeSpan.FromSeconds(30));

        registry.Get(after).Should().BeSameAs(registry.Get(before));
        registry.Get(after).Health.Status.Should().Be(HealthStatus.Open);
    }

    [Fact]
    public void Get_SameSlugInAnotherOrganization_IsSeparateState()
    {
        var registry = new TargetStateRegistry(new PassiveHealthOptions(), new LatencyOptions(), _clock);

        var a = registry.Get(new RouteTarget(TestData.ConnectionRoute("openai"), "gpt-4o"));
        var b = registry.Get(new RouteTarget(TestData.ConnectionRoute("openai"), "gpt-4o"));

        a.Should().NotBeSameAs(b);
    }

    [Fact]
    public void EnterExit_TrackInFlight()
    {
        var registry = new TargetStateRegistry(new PassiveHealthOptions(), new LatencyOptions(), _clock);
        var state = registry.Get(new TargetKey(Guid.NewGuid(), "m"));

        Parallel.For(0, 1000, _ => state.Enter());
        Parallel.For(0, 400, _ => state.Exit());

        state.InFlight.Should().Be(600);
    }

    [Fact]
    public void Sweep_ForgetsOnlyIdleHealthyTargetsWithNothingInFlight()
    {
        var registry = new TargetStateRegistry(new PassiveHealthOptions(), new LatencyOptions(), _clock);
        var idle = registry.Get(new TargetKey(Guid.NewGuid(), "idle"));
        var busy = registry.Get(new TargetKey(Guid.NewGuid(), "busy"));
        var cooling = registry.Get(new TargetKey(Guid.NewGuid(), "cooling"));
        busy.Enter();
        cooling.Health.Cooldown(TimeSpan.FromHours(1));

        _clock.Advance(TimeSpan.FromMinutes(11));
        registry.Sweep(TimeSpan.FromMinutes(10)).Should().Be(1);

        registry.TryGet(idle.Key, out _).Should().BeFalse();
        registry.TryGet(busy.Key, out _).Should().BeTrue();
        registry.TryGet(cooling.Key, out _).Should().BeTrue();
    }

    [Fact]
    public void TargetKey_RoundTripsThroughItsText()
    {
        var key = new TargetKey(Guid.NewGuid(), "meta-llama/Llama-3-8b");

        TargetKey.TryParse(key.ToString(), out var parsed).Should().BeTrue();
        parsed.Should().Be(key);
        TargetKey.TryParse("nonsense", out _).Should().BeFalse();
        TargetKey.TryParse(null, out _).Should().BeFalse();
    }
}
