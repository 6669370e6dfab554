using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Health;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;
using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Requests;
using Switchyard.Gateway.Resilience;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Resilience;

/// <summary>The planner with in-process state only (Redis not configured), on a manual clock.</summary>
public sealed class TargetPlannerTests : IDisposable
{
    private static readonly Guid Org = Guid.NewGuid();
    private readonly ManualTimeProvider _time = new();
    private readonly ServiceProvider _metricsServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Redis.RedisStore _redis = RedisStores.Disabled();
    private readonly TargetStateRegistry _states;
    private readonly TargetPlanner _planner;

    public TargetPlannerTests()
    {
        var health = new PassiveHealthOptions { Cooldown = TimeSpan.FromSeconds(30) };
        _states = new TargetStateRegistry(health, new LatencyOptions(), _time);
        var instance = new GatewayInstance();
        _planner = new TargetPlanner(
            _states,
            new StrategySet(new SeededRandomSource(5), new StrategyOptions()),
            new StickyAssignments(_redis, _time, new StickyOptions()),
            new SharedCooldowns(_redis, _states, instance, NullLogger<SharedCooldowns>.Instance),
            new UsageCounters(_redis, _time, instance),
            new RetryBackoff(new RetryBackoffOptions(), new SeededRandomSource(6)),
            new ResilienceMetrics(_metricsServices.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), _redis),
            NullLogger<TargetPlanner>.Instance);
    }

    public void Dispose()
    {
        _metricsServices.Dispose();
        _redis.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Plan_NeverIncludesAWeightZeroTarget()
    {
        var targets = new[] { Target("a"), Target("drained", weight: 0), Target("c") };

        for (var i = 0; i < 200; i++)
        {
            var order = await _planner.PlanAsync(Plan(targets), Body(), Org, new RouteTrace("group"));
            order.Select(p => p.Target.Model).Should().BeEquivalentTo(["a", "c"]);
        }
    }

    [Fact]
    public async Task Plan_TargetInCooldown_IsLeftOut_UntilItsCooldownEnds()
    {
        var targets = new[] { Target("a"), Target("b") };
        _states.Get(targets[0]).Health.Cooldown(TimeSpan.FromSeconds(30));

        var during = await _planner.PlanAsync(Plan(targets), Body(), Org, new RouteTrace("group"));
        _time.Advance(TimeSpan.FromSeconds(30));
        var after = await _planner.PlanAsync(Plan(targets), Body(), Org, new RouteTrace("group"));

        during.Select(p => p.Target.Model).Should().Equal("b");
        during.HealthBypass.Should().BeFalse();
        after.Select(p => p.Target.Model).Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public async Task Plan_EveryTargetInCooldown_TriesThemAllAndSaysSo()
    {
        var targets = new[] { Target("a"), Target("b") };
        foreach (var target in targets)
        {
            _states.Get(target).Health.Cooldown(TimeSpan.FromSeconds(30));
        }

        var trace = new RouteTrace("group");
        var order = await _planner.PlanAsync(Plan(targets), Body(), Org, trace);

        order.Should().HaveCount(2);
        order.HealthBypass.Should().BeTrue();
        trace.HealthBypass.Should().BeTrue();
        trace.ToString().Should().Contain("health_bypass");
        using var lease = await _planner.BeginAsync(order, 0, trace);
        lease.Admission.Should().Be(AdmissionKind.Bypass);
    }

    [Fact]
    public async Task Begin_AfterACooldown_AdmitsOneTrialAndSkipsTheTargetForOthers()
    {
        var target = Target("a");
        var fallback = Target("backup");
        _states.Get(target).Health.Cooldown(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(30));
        var first = await _planner.PlanAsync(Plan([target], [fallback]), Body(), Org, new RouteTrace("group"));
        var second = await _planner.PlanAsync(Plan([target], [fallback]), Body(), Org, new RouteTrace("group"));

        using var trial = await _planner.BeginAsync(first, 0, new RouteTrace("group"));
        using var skipped = await _planner.BeginAsync(second, 0, new RouteTrace("group"));

        trial.Admission.Should().Be(AdmissionKind.Trial);
        skipped.Admitted.Should().BeFalse();
        skipped.Denial.Should().Be(AttemptDenial.Unhealthy);
    }

    [Fact]
    public async Task Begin_TargetWentUnhealthySincePlanning_AndNothingElseIsLeft_IsTriedAnyway()
    {
        var target = Target("only");
        var trace = new RouteTrace("direct");
        var order = await _planner.PlanAsync(Plan([target], kind: RouteKind.Direct), Body(), Org, trace);
        _states.Get(target).Health.Cooldown(TimeSpan.FromSeconds(30));

        using var lease = await _planner.BeginAsync(order, 0, trace);

        lease.Admitted.Should().BeTrue();
        lease.Admission.Should().Be(AdmissionKind.Bypass);
        trace.HealthBypass.Should().BeTrue();
    }

    [Fact]
    public async Task Observe_ThreeFailures_OpenTheCircuit_ButClientAbortsNever()
    {
        var target = Target("a");
        for (var i = 0; i < 10; i++)
        {
            await AttemptAsync(target, ForwardError.ClientAborted, 0);
        }

        _states.Get(target).Health.Status.Should().Be(HealthStatus.Closed);

        await AttemptAsync(target, ForwardError.UpstreamStatus, 503);
        await AttemptAsync(target, ForwardError.Timeout, 0);
        _states.Get(target).Health.Status.Should().Be(HealthStatus.Closed);
        await AttemptAsync(target, ForwardError.ConnectFailed, 0);
        _states.Get(target).Health.Status.Should().Be(HealthStatus.Open);
    }

    [Fact]
    public async Task Observe_ClientErrorAnswer_CountsAsTheTargetBeingUp()
    {
        var target = Target("a");
        await AttemptAsync(target, ForwardError.UpstreamStatus, 503);
        await AttemptAsync(target, ForwardError.UpstreamStatus, 503);
        await AttemptAsync(target, ForwardError.UpstreamStatus, 400);
        await AttemptAsync(target, ForwardError.UpstreamStatus, 503);

        _states.Get(target).Health.Status.Should().Be(HealthStatus.Closed);
    }

    [Fact]
    public async Task Observe_429WithRetryAfter_CoolsTheTargetDownForThatLong()
    {
        var target = Target("a");

        await AttemptAsync(target, ForwardError.UpstreamStatus, 429, TimeSpan.FromSeconds(7));

        _states.Get(target).Health.CooldownRemaining.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Begin_AtTheRpmLimit_IsRefused_AndTheNextPlanLeavesTheTargetOut()
    {
        var target = Target("a", rpm: 2);

        // Three requests planned at once (each saw the target with room), then started: the reservation decides.
        var orders = new List<AttemptPlan>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await _planner.PlanAsync(Plan([target]), Body(), Org, new RouteTrace("group")));
        }

        var results = new List<AttemptDenial>();
        foreach (var order in orders)
        {
            using var lease = await _planner.BeginAsync(order, 0, new RouteTrace("group"));
            results.Add(lease.Denial);
        }

        var later = await _planner.PlanAsync(Plan([target]), Body(), Org, new RouteTrace("group"));

        results.Should().Equal(AttemptDenial.None, AttemptDenial.None, AttemptDenial.LimitReached);
        orders[2].LimitReached.Should().BeTrue();
        later.Should().BeEmpty();
        later.LimitReached.Should().BeTrue();
    }

    [Fact]
    public async Task Plan_StickyGroup_KeepsAKeyOnItsTarget_AndRepinsWhenThatTargetCoolsDown()
    {
        var targets = new[] { Target("a"), Target("b"), Target("c") };
        var chosen = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            var trace = new RouteTrace("group");
            var order = await _planner.PlanAsync(Plan(targets, sticky: true), Body("user-1"), Org, trace);
            chosen.Add(order[0].Target.Model);
            trace.ToString().Should().Contain(i == 0 ? "sticky_new" : "sticky_hit");
        }

        chosen.Should().ContainSingle();
        var pinned = targets.Single(t => t.Model == chosen.Single());
        _states.Get(pinned).Health.Cooldown(TimeSpan.FromSeconds(30));

        var repinTrace = new RouteTrace("group");
        var repinned = (await _planner.PlanAsync(Plan(targets, sticky: true), Body("user-1"), Org, repinTrace))[0].Target;
        var again = (await _planner.PlanAsync(Plan(targets, sticky: true), Body("user-1"), Org, new RouteTrace("group")))[0].Target;

        repinTrace.ToString().Should().Contain("sticky_repin");
        repinned.Should().NotBe(pinned);
        again.Should().Be(repinned);
    }

    [Fact]
    public async Task RetryDelay_OnlyForTheOnlyTarget_OnlyAfterTransientFailures()
    {
        var single = await _planner.PlanAsync(Plan([Target("a")], kind: RouteKind.Direct), Body(), Org, new RouteTrace("direct"));
        var two = await _planner.PlanAsync(Plan([Target("a"), Target("b")]), Body(), Org, new RouteTrace("group"));

        _planner.RetryDelay(single, 0, 0, Response(ForwardError.UpstreamStatus, 503)).Should().NotBeNull();
        _planner.RetryDelay(single, 0, 0, Response(ForwardError.UpstreamStatus, 429, TimeSpan.FromSeconds(2))).Should().Be(TimeSpan.FromSeconds(2));
        _planner.RetryDelay(single, 0, 0, Response(ForwardError.UpstreamStatus, 429, TimeSpan.FromSeconds(60))).Should().BeNull("beyond MaxRetryAfter");
        _planner.RetryDelay(single, 0, 0, Response(ForwardError.Timeout, 0)).Should().BeNull("a timeout is not retried on the same target");
        _planner.RetryDelay(single, 0, 2, Response(ForwardError.UpstreamStatus, 503)).Should().BeNull("MaxRetries is 2");
        _planner.RetryDelay(two, 1, 0, Response(ForwardError.UpstreamStatus, 503)).Should().BeNull("another target was available");
    }

    private async Task AttemptAsync(RouteTarget target, ForwardError error, int status, TimeSpan? retryAfter = null)
    {
        var trace = new RouteTrace("group");
        var order = await _planner.PlanAsync(Plan([target], [Target("spare")]), Body(), Org, trace);
        using var lease = await _planner.BeginAsync(order, 0, trace);
        using var response = Response(error, status, retryAfter);
        _planner.Observe(lease, response, TimeSpan.FromMilliseconds(10));
    }

    private static UpstreamResponse Response(ForwardError error, int status, TimeSpan? retryAfter = null) =>
        new(error, status, null) { RetryAfter = retryAfter };

    private static readonly ConnectionRoute Connection = new(Guid.NewGuid(), "conn", ProviderKind.OpenAI, "http://127.0.0.1:1/v1");

    private static RouteTarget Target(string model, double weight = 1, int? rpm = null) => new(Connection, model, weight, rpm);

    private static RoutePlan Plan(IReadOnlyList<RouteTarget> targets, IReadOnlyList<RouteTarget>? fallbacks = null, bool sticky = false, RouteKind kind = RouteKind.Group) => new()
    {
        Kind = kind,
        Group = kind == RouteKind.Direct ? null : new CompiledGroup
        {
            Id = GroupId,
            PublicId = "lbg_test",
            Name = "test",
            Version = 1,
            Strategy = RoutingStrategy.Weighted,
            StickyHashFields = sticky ? ["metadata.user_id"] : [],
            StickyTtl = TimeSpan.FromHours(1),
            RetryOnStatusCodes = [],
            Targets = targets,
            Fallbacks = fallbacks ?? [],
        },
        Candidates = targets,
        Fallbacks = fallbacks ?? [],
    };

    private static readonly Guid GroupId = Guid.NewGuid();

    private static GatewayRequestBody Body(string user = "anyone")
    {
        var json = $$$"""{"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":"{{{user}}}"}}""";
        return GatewayRequestBody.Parse(Encoding.UTF8.GetBytes(json)).Body!;
    }
}
