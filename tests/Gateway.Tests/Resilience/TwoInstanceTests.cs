using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Switchyard.Domain.Health;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Redis;
using Switchyard.Gateway.Resilience;
using Switchyard.Gateway.Tests.Functional;
using Switchyard.Gateway.Tests.Observability;
using Xunit.Abstractions;

namespace Switchyard.Gateway.Tests.Resilience;

/// <summary>
/// The "done when" list of the resilience issue, against two gateway instances sharing PostgreSQL and Redis, with the
/// mock provider's fault paths as targets. Figures are printed to the test output (and copied to docs/resilience.md).
/// </summary>
public sealed class TwoInstanceTests(ScenarioGateways stack, ITestOutputHelper output) : IClassFixture<ScenarioGateways>
{
    [Fact]
    public async Task OneOfThreeTargetsFailing30Percent_NoClientErrors_AndItIsCooledDownThenLetBack()
    {
        var group = TwoGateways.GroupField(stack.Groups["flaky3"]);
        var results = new ConcurrentBag<(int Status, string Target, string Route)>();
        var clock = Stopwatch.StartNew();
        var next = -1;

        // At least 2,000 requests, and long enough (6 s) for cooldowns of 2 s to end and let the target back. A trial
        // fails 30 % of the time like any request to this target, so 6 s (two or three trials) end without a recovery
        // in ~3 % of runs: the load then goes on until one trial has succeeded, for at most 30 s in all.
        await Parallel.ForEachAsync(Enumerable.Range(0, 16), async (_, ct) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < 2000 || clock.Elapsed < TimeSpan.FromSeconds(6) ||
                   (Recoveries() == 0 && clock.Elapsed < TimeSpan.FromSeconds(30)))
            {
                using var request = stack.Chat(group);
                using var response = await stack.Http(i).SendAsync(request, ct);
                await response.Content.ReadAsStringAsync(ct);
                results.Add(((int)response.StatusCode, response.Header(GatewayHeaders.Target), response.Header(GatewayHeaders.Route)));
            }
        });

        var cooldowns = stack.ServiceOf<ResilienceMetrics>(0).CooldownsStarted + stack.ServiceOf<ResilienceMetrics>(1).CooldownsStarted;
        var recoveries = Recoveries();
        var byTarget = results.GroupBy(r => r.Target).ToDictionary(g => g.Key, g => g.Count());
        var failedOver = results.Count(r => r.Route.Contains("fallback_after=503", StringComparison.Ordinal));
        output.WriteLine($"{results.Count} requests in {clock.Elapsed.TotalSeconds:F1} s over 2 instances: "
            + $"{results.Count(r => r.Status != 200)} client-visible errors; served by {string.Join(", ", byTarget.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}; "
            + $"{failedOver} recovered from a 503 of the flaky target; {cooldowns} cooldowns started, {recoveries} trials succeeded");

        results.Count.Should().BeGreaterThanOrEqualTo(2000);
        results.Where(r => r.Status != 200).Should().BeEmpty();
        failedOver.Should().BeGreaterThan(0, "the flaky target did fail, and those requests were served by another target");
        cooldowns.Should().BeGreaterThan(0, "three failures in a row put the flaky target in cooldown");
        recoveries.Should().BeGreaterThan(0, "after a cooldown a trial request let the target back");
        byTarget.GetValueOrDefault($"flaky/{TwoGateways.Model}").Should().BeGreaterThan(0);
        byTarget[$"flaky/{TwoGateways.Model}"].Should().BeLessThan(byTarget[$"h1/{TwoGateways.Model}"], "cooldowns take traffic away from it");

        var metrics = await stack.HttpA.GetStringAsync("/metrics") + await stack.HttpB.GetStringAsync("/metrics");
        metrics.Should().Contain("switchyard_target_cooldowns_total{").And.Contain("target=\"flaky/gpt-4o-mini\"");
        metrics.Should().Contain("switchyard_target_recoveries_total{").And.Contain("switchyard_redis_available");

        long Recoveries() => stack.ServiceOf<ResilienceMetrics>(0).Recoveries + stack.ServiceOf<ResilienceMetrics>(1).Recoveries;
    }

    [Fact]
    public async Task StickyKey_SameTargetOnBothInstances_AndRepinnedConsistentlyAfterItsTargetIsDrained()
    {
        var group = stack.Groups["sticky"];
        var before = new Dictionary<string, string>();
        for (var user = 0; user < 24; user++)
        {
            var targets = new List<string>();
            for (var round = 0; round < 4; round++)
            {
                targets.Add((await SendStickyAsync(round, group, user)).Target);
            }

            targets.Distinct().Should().ContainSingle($"user {user} must land on one target on both instances");
            before[$"u{user}"] = targets[0];
        }

        output.WriteLine($"24 sticky keys over 3 targets: {string.Join(", ", before.Values.GroupBy(t => t).Select(g => $"{g.Key}={g.Count()}"))}");
        var drained = before.Values.GroupBy(t => t).OrderByDescending(g => g.Count()).First().Key;
        await stack.EditGroupAsync("sticky", g => g.Targets.Single(t => $"{SlugOf(g, t)}/{t.Model}" == drained).Weight = 0);
        await stack.NotifyPostgresAsync();
        await WaitForVersionAsync(group, 2);

        var repinned = 0;
        for (var user = 0; user < 24; user++)
        {
            var first = await SendStickyAsync(user, group, user);
            var second = await SendStickyAsync(user + 1, group, user);
            first.Target.Should().Be(second.Target, $"user {user} must agree on both instances after the drain");
            if (before[$"u{user}"] == drained)
            {
                first.Target.Should().NotBe(drained);
                first.Route.Should().Contain("sticky_repin");
                repinned++;
            }
            else
            {
                first.Target.Should().Be(before[$"u{user}"], "keys whose target is still there keep it");
                first.Route.Should().Contain("sticky_hit");
            }
        }

        output.WriteLine($"drained {drained}: {repinned} keys re-pinned, identically on both instances; the others kept their target");
        repinned.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task UsageAwareRpmLimit_HoldsForBothInstancesTogether()
    {
        var group = TwoGateways.GroupField(stack.Groups["usage"]);
        var statuses = new ConcurrentBag<(int Status, string Code)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 3 * ScenarioGateways.UsageRpm), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, ct) =>
        {
            using var request = stack.Chat(group);
            using var response = await stack.Http(i).SendAsync(request, ct);
            var code = response.StatusCode == HttpStatusCode.OK ? string.Empty : (await response.ReadErrorAsync()).Code;
            statuses.Add(((int)response.StatusCode, code));
        });

        var served = stack.Mock.Requests.Snapshot(r => r.Name == "u1").Count;
        output.WriteLine($"limit {ScenarioGateways.UsageRpm} RPM, {statuses.Count} requests split over 2 instances: {statuses.Count(s => s.Status == 200)} served, "
            + $"{statuses.Count(s => s.Status == 429)} refused with 429; the provider saw {served}");
        statuses.Count(s => s.Status == 200).Should().Be(ScenarioGateways.UsageRpm);
        statuses.Where(s => s.Status != 200).Should().OnlyContain(s => s.Status == 429 && s.Code == "target_limit_reached");
        served.Should().Be(ScenarioGateways.UsageRpm);
    }

    [Fact]
    public async Task GroupEdit_IsVisibleOnBothInstancesWithinOneSecond_ThroughRedisAndThroughPostgres()
    {
        var group = stack.Groups["edit"];
        await WaitForVersionAsync(group, 1);
        var version = 1;
        var viaRedis = new List<TimeSpan>();
        var viaPostgres = new List<TimeSpan>();

        // Round 0 warms up (the first reload of an organization compiles its query) and is not counted.
        for (var round = 0; round <= 5; round++)
        {
            foreach (var redis in new[] { true, false })
            {
                // As the dashboard does: commit to PostgreSQL, then signal; here through one channel at a time.
                await stack.EditGroupAsync("edit", g => g.Targets[0].Weight = g.Targets[0].Weight == 0 ? 1 : 0);
                version++;
                var clock = Stopwatch.StartNew();
                if (redis)
                {
                    (await new ConfigChangePublisher(stack.ServiceOf<IRedisStore>(0)).PublishAsync(stack.OrganizationId)).Should().BeTrue();
                }
                else
                {
                    await stack.NotifyPostgresAsync();
                }

                var times = await Task.WhenAll(WaitForVersionOnAsync(0, group, version, clock), WaitForVersionOnAsync(1, group, version, clock));
                if (round > 0)
                {
                    (redis ? viaRedis : viaPostgres).Add(times.Max());
                }
            }
        }

        output.WriteLine($"group edit visible on both instances (5 edits per channel, slower instance each time): "
            + $"via Redis pub/sub median {Median(viaRedis):F0} ms, max {viaRedis.Max().TotalMilliseconds:F0} ms; "
            + $"via PostgreSQL NOTIFY median {Median(viaPostgres):F0} ms, max {viaPostgres.Max().TotalMilliseconds:F0} ms");
        viaRedis.Concat(viaPostgres).Should().OnlyContain(t => t < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task StreamCutMidAnswer_EndsWithAnSseErrorEvent()
    {
        using var request = stack.Chat(TwoGateways.GroupField(stack.Groups["cut"]) + ",\"stream\":true");
        using var response = await stack.HttpA.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.Should().Contain("\"code\":\"upstream_truncated\"").And.NotContain("[DONE]");
        body.TrimEnd().Should().EndWith("}", "the error event is the last thing the client gets");
    }

    [Fact]
    public async Task StreamFailingBeforeItsFirstByte_IsServedByTheFallback()
    {
        using var request = stack.Chat(TwoGateways.GroupField(stack.Groups["stream-fallback"]) + ",\"stream\":true");
        using var response = await stack.HttpB.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Target).Should().Be($"backup/{TwoGateways.Model}");
        response.Header(GatewayHeaders.Fallback).Should().Be("true");
        response.Header(GatewayHeaders.Route).Should().Contain("fallback_after=503");
        body.TrimEnd().Should().EndWith("data: [DONE]");
    }

    [Fact]
    public async Task EveryTargetUnhealthy_IsTriedAnyway_WithTheBypassHeader_OnTheOtherInstanceToo()
    {
        var group = TwoGateways.GroupField(stack.Groups["unhealthy"]);

        // Each target fails its first 3 requests: three requests on A put both in cooldown.
        for (var i = 0; i < 3; i++)
        {
            using var failing = await stack.HttpA.SendAsync(stack.Chat(group));
            failing.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        }

        // B has not seen a single failure itself: it learns of the cooldowns through Redis.
        var registryB = stack.ServiceOf<TargetStateRegistry>(1);
        await Eventually.TrueAsync(
            () => new[] { "ua", "ub" }.All(slug => registryB.TryGet(stack.TargetKeyOf(slug), out var state) && !state.Health.IsAvailable),
            TimeSpan.FromSeconds(1),
            "both cooldowns reach the other instance");
        using var response = await stack.HttpB.SendAsync(stack.Chat(group));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.HealthBypass).Should().Be("true");
        response.Header(GatewayHeaders.Route).Should().Contain("health_bypass");
    }

    [Fact]
    public async Task RetryAfter_OfTheOnlyTarget_IsWaitedForThenRetried()
    {
        var clock = Stopwatch.StartNew();
        using var response = await stack.HttpA.SendAsync(stack.Chat(TwoGateways.GroupField(stack.Groups["retry-single"])));
        var elapsed = clock.Elapsed;

        output.WriteLine($"429 with Retry-After: 1 → answered after {elapsed.TotalMilliseconds:F0} ms, route {response.Header(GatewayHeaders.Route)}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Header(GatewayHeaders.Attempts).Should().Be("2");
        response.Header(GatewayHeaders.Route).Should().Contain("retry_after=429");
        elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RetryAfter_OfOneTargetAmongSeveral_KeepsEveryInstanceAwayFromItForThatLong()
    {
        var group = TwoGateways.GroupField(stack.Groups["retry-cooldown"]);
        using (var first = await stack.HttpA.SendAsync(stack.Chat(group)))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
            first.Header(GatewayHeaders.Target).Should().Be($"ok/{TwoGateways.Model}");
        }

        var hitsAfterFirst = stack.Mock.Requests.Snapshot(r => r.Name == "rl").Count;
        hitsAfterFirst.Should().Be(1, "rl carries nearly all the weight and was tried first");
        var rl = stack.TargetKeyOf("rl");
        await Eventually.TrueAsync(
            () => stack.ServiceOf<TargetStateRegistry>(1).TryGet(rl, out var state) && !state.Health.IsAvailable,
            TimeSpan.FromSeconds(1),
            "the cooldown reaches the other instance through Redis");

        // Within its Retry-After of 3 s neither instance sends it anything, although its weight says it should get nearly all.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            using var response = await stack.Http(i + 1).SendAsync(stack.Chat(group));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "the check is only meaningful within the Retry-After");
        stack.Mock.Requests.Snapshot(r => r.Name == "rl").Count.Should().Be(1);
    }

    private static double Median(List<TimeSpan> times) => times.Select(t => t.TotalMilliseconds).Order().ElementAt(times.Count / 2);

    private async Task<(string Target, string Route)> SendStickyAsync(int instance, string groupId, int user)
    {
        var fields = TwoGateways.GroupField(groupId) + $",\"metadata\":{{\"user_id\":\"u{user}\"}}";
        using var response = await stack.Http(instance).SendAsync(stack.Chat(fields));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (response.Header(GatewayHeaders.Target), response.Header(GatewayHeaders.Route));
    }

    private async Task WaitForVersionAsync(string groupId, int version)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(WaitForVersionOnAsync(0, groupId, version, clock), WaitForVersionOnAsync(1, groupId, version, clock));
    }

    private async Task<TimeSpan> WaitForVersionOnAsync(int instance, string groupId, int version, Stopwatch clock)
    {
        while (true)
        {
            using var response = await stack.Http(instance).SendAsync(stack.Chat(TwoGateways.GroupField(groupId)));
            if (response.Header(GatewayHeaders.Group).EndsWith($";v={version}", StringComparison.Ordinal))
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"Instance {instance} did not serve version {version} within 10 s.");
            }
        }
    }

    private string SlugOf(Domain.Groups.LoadBalanceGroup group, Domain.Groups.GroupTarget target)
    {
        _ = group;
        return stack.SlugOfConnection(target.ConnectionId);
    }
}
