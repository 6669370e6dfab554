using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Switchyard.Gateway.Pipeline;
using Xunit.Abstractions;

namespace Switchyard.Gateway.Tests.Functional;

/// <summary>Owns its gateway: it edits configuration, which the read-only collection must not see.</summary>
public sealed class ConfigReloadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly GatewayFixture _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task GroupEdit_IsServedWithoutRestart_WithinOneSecond()
    {
        using (var before = await _gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{_gateway.SplitGroupId}\"}}"))
        {
            before.Header(GatewayHeaders.Group).Should().EndWith(";v=1");
        }

        var (scope, db) = _gateway.Scoped(_gateway.AcmeId);
        await using (scope)
        {
            var group = await db.Groups.SingleAsync(g => g.PublicId == _gateway.SplitGroupId);
            foreach (var groupTarget in group.Targets)
            {
                groupTarget.Weight = groupTarget.Position == 0 ? 0 : 1; // drain alpha
            }

            group.Version++;
            await db.SaveChangesAsync();
        }

        var clock = Stopwatch.StartNew();
        await _gateway.NotifyAsync(_gateway.AcmeId);
        string served;
        string target;
        do
        {
            using var response = await _gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{_gateway.SplitGroupId}\"}}");
            served = response.Header(GatewayHeaders.Group);
            target = response.Header(GatewayHeaders.Target);
        }
        while (!served.EndsWith(";v=2", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(5));

        output.WriteLine($"group edit visible after {clock.Elapsed.TotalMilliseconds:F0} ms");
        served.Should().EndWith(";v=2");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
        target.Should().Be("beta/gpt-4o-mini", "alpha was drained to weight 0");
    }

    [Fact]
    public async Task BrokenEdit_KeepsTheLastGoodVersionInService()
    {
        var (scope, db) = _gateway.Scoped(_gateway.AcmeId);
        await using (scope)
        {
            var group = await db.Groups.SingleAsync(g => g.PublicId == _gateway.BrokenGroupId);
            group.Targets.Clear(); // a group without targets cannot be served
            group.Version = 5;
            await db.SaveChangesAsync();
        }

        await _gateway.NotifyAsync(_gateway.AcmeId);
        await _gateway.NotifyAsync(_gateway.AcmeId);

        // Another, valid edit in the same organization proves the reload ran past the broken group.
        var (scope2, db2) = _gateway.Scoped(_gateway.AcmeId);
        await using (scope2)
        {
            var split = await db2.Groups.SingleAsync(g => g.PublicId == _gateway.SplitGroupId);
            split.Name = "split renamed";
            split.Version = 3;
            await db2.SaveChangesAsync();
        }

        await _gateway.NotifyAsync(_gateway.AcmeId);
        var clock = Stopwatch.StartNew();
        string served;
        do
        {
            using var response = await _gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{_gateway.SplitGroupId}\"}}");
            served = response.Header(GatewayHeaders.Group);
        }
        while (!served.EndsWith(";v=3", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(5));

        served.Should().EndWith(";v=3");
        using var broken = await _gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{_gateway.BrokenGroupId}\"}}");
        broken.Header(GatewayHeaders.Group).Should().EndWith(";v=1", "the invalid version 5 is rejected and version 1 stays in service");
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingWithinASecond_EvenWithoutANotification()
    {
        using (var before = await _gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{_gateway.SplitGroupId}\"}}", _gateway.DefaultGroupKey))
        {
            before.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        }

        var (scope, db) = _gateway.Scoped(_gateway.AcmeId);
        await using (scope)
        {
            var key = await db.ApiKeys.SingleAsync(k => k.Name == "default");
            key.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        var clock = Stopwatch.StartNew();
        System.Net.HttpStatusCode status;
        do
        {
            using var response = await _gateway.ChatAsync(string.Empty, _gateway.DefaultGroupKey);
            status = response.StatusCode;
        }
        while (status != System.Net.HttpStatusCode.Unauthorized && clock.Elapsed < TimeSpan.FromSeconds(5));

        output.WriteLine($"revocation effective after {clock.Elapsed.TotalMilliseconds:F0} ms");
        status.Should().Be(System.Net.HttpStatusCode.Unauthorized);
        // Freshness is 1 s plus one background database round trip; the margin absorbs a loaded 2-core CI machine.
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task HealthEndpoints_AnswerWhenTheRouteTableIsLoaded()
    {
        using var live = await _gateway.Http.GetAsync("/health/live");
        using var ready = await _gateway.Http.GetAsync("/health/ready");

        live.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        ready.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("ok");
    }
}
