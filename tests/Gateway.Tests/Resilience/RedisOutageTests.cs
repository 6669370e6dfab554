using System.Collections.Concurrent;
using System.Diagnostics;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Redis;
using Switchyard.Gateway.Tests.Functional;
using Switchyard.Gateway.Tests.Observability;
using Xunit.Abstractions;

namespace Switchyard.Gateway.Tests.Resilience;

/// <summary>Two instances on a Redis of their own, which the test kills and restarts in the middle of a run.</summary>
public sealed class RedisOutageTests(RedisOutageTests.OutageGateways stack, ITestOutputHelper output) : IClassFixture<RedisOutageTests.OutageGateways>
{
    [Fact]
    public async Task RedisStoppedAndRestartedDuringARun_NoRequestFails_AndSharingResumes()
    {
        var group = stack.Groups["mixed"];
        var results = new ConcurrentBag<(TimeSpan At, int Status, string Target, string User)>();
        var clock = Stopwatch.StartNew();
        var next = -1;
        TimeSpan stoppedAt = default, restartedAt = default, availableAgainAt = default;

        var load = Parallel.ForEachAsync(Enumerable.Range(0, 8), async (_, ct) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) >= 0 && clock.Elapsed < TimeSpan.FromSeconds(9))
            {
                var user = $"u{i % 40}";
                var fields = TwoGateways.GroupField(group) + $",\"metadata\":{{\"user_id\":\"{user}\"}}";
                using var response = await stack.Http(i).SendAsync(stack.Chat(fields), ct);
                await response.Content.ReadAsStringAsync(ct);
                results.Add((clock.Elapsed, (int)response.StatusCode, response.Header(GatewayHeaders.Target), user));
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(2));
        stoppedAt = clock.Elapsed;
        await stack.Redis!.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        restartedAt = clock.Elapsed;
        await stack.Redis.StartAgainAsync();
        await Eventually.TrueAsync(
            () => stack.ServiceOf<IRedisStore>(0).IsAvailable && stack.ServiceOf<IRedisStore>(1).IsAvailable,
            TimeSpan.FromSeconds(5),
            "both instances reconnect by themselves");
        availableAgainAt = clock.Elapsed;
        await load;

        var during = results.Count(r => r.At >= stoppedAt && r.At < restartedAt);
        output.WriteLine($"{results.Count} requests in {clock.Elapsed.TotalSeconds:F1} s; Redis killed at {stoppedAt.TotalSeconds:F1} s, "
            + $"restarted at {restartedAt.TotalSeconds:F1} s, both instances sharing again at {availableAgainAt.TotalSeconds:F1} s "
            + $"({(availableAgainAt - restartedAt).TotalMilliseconds:F0} ms after the restart); {during} requests served while Redis was down; "
            + $"{results.Count(r => r.Status != 200)} failed");
        results.Where(r => r.Status != 200).Should().BeEmpty();
        during.Should().BeGreaterThan(0);

        // Sharing resumed: a new sticky key lands on the same target on both instances. Right after a restart one
        // Redis call may still time out on a loaded machine (the instance then keeps that one key locally, by design),
        // so a few fresh keys within a bounded time are allowed; one agreeing pair proves the sharing is back.
        var agreedAfter = 0;
        var sharing = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; attempt <= 10 && sharing.Elapsed < TimeSpan.FromSeconds(5); attempt++)
        {
            var fresh = TwoGateways.GroupField(group) + $",\"metadata\":{{\"user_id\":\"after-restart-{attempt}\"}}";
            using var onA = await stack.HttpA.SendAsync(stack.Chat(fresh));
            using var onB = await stack.HttpB.SendAsync(stack.Chat(fresh));
            if (onA.StatusCode == System.Net.HttpStatusCode.OK && onB.Header(GatewayHeaders.Target) == onA.Header(GatewayHeaders.Target))
            {
                agreedAfter = attempt;
                break;
            }
        }

        output.WriteLine($"a fresh sticky key agreed on both instances at attempt {agreedAfter}");
        agreedAfter.Should().BeGreaterThan(0, "new sticky keys are shared again once Redis is back");
    }

    public sealed class OutageGateways() : TwoGateways(privateRedis: true)
    {
        protected override void Seed()
        {
            AddConnection("m1");
            AddConnection("m2");
            AddConnection("m3", "fail=503@0.2", "seed=3");
            var mixed = AddGroup("mixed", ("m1", 1), ("m2", 1), ("m3", 1));
            mixed.StickyHashFields = ["metadata.user_id"];
            mixed.Strategy = Domain.Groups.RoutingStrategy.Hybrid;
            foreach (var target in mixed.Targets)
            {
                // High enough never to refuse, so every request also goes through the shared usage counters.
                target.RpmLimit = 1_000_000;
            }
        }
    }
}
