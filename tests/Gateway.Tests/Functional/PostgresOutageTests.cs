using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Gateway.Logging;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Functional;

/// <summary>PostgreSQL going away must not take traffic with it (DESIGN.md §1, issue "Degradation").</summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private readonly GatewayFixture _gateway = new() { PostgresThroughProxy = true };

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task PostgresDown_KnownKeysKeepServingFromTheLastRouteTable_AndTheLogCatchesUpAfterwards()
    {
        var body = $"\"load_balance_group\":{{\"group_id\":\"{_gateway.SplitGroupId}\"}}";
        using (var warm = await _gateway.ChatAsync(body))
        {
            warm.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        _gateway.PostgresProxy!.Cut();
        var servedDuringOutage = new List<string>();

        // Keep traffic going for longer than the key cache's freshness, so background re-checks hit the dead database.
        var outage = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 30 || outage.Elapsed < 2.5 * Authentication.ApiKeyAuthenticator.FreshFor; i++)
        {
            using var response = await _gateway.ChatAsync(body);
            response.StatusCode.Should().Be(HttpStatusCode.OK, "request {0} during the outage", i);
            servedDuringOutage.Add(response.Header(GatewayHeaders.RequestId));
        }

        using (var ready = await _gateway.Http.GetAsync("/health/ready"))
        {
            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "readiness tells the load balancer the database is gone");
        }

        using (var unknownKey = await _gateway.ChatAsync(body, _gateway.RestrictedKey))
        {
            unknownKey.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a key never seen cannot be verified while the store is down");
            (await unknownKey.ReadErrorAsync()).Code.Should().Be("key_store_unavailable");
        }

        _gateway.PostgresProxy.Restore();
        using var flush = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _gateway.Gateway.Services.GetRequiredService<RequestLogQueue>().FlushAsync(flush.Token);

        var (scope, db) = _gateway.Scoped(_gateway.AcmeId);
        await using (scope)
        {
            var logged = await db.RequestLogs.CountAsync(r => servedDuringOutage.Contains(r.RequestId));
            logged.Should().Be(servedDuringOutage.Count, "rows buffered during the outage are written once PostgreSQL is back");
        }
    }
}
