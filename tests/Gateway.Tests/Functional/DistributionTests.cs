using System.Collections.Concurrent;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Functional;

[Collection(SharedGateway.Name)]
public sealed class DistributionTests(GatewayFixture gateway)
{
    [Fact]
    public async Task SeventyThirtyGroup_SplitsTrafficByWeight_WithinAChiSquareBound()
    {
        const int requests = 2000;
        var counts = new ConcurrentDictionary<string, int>();
        var body = $"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}}";

        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            using var response = await gateway.ChatAsync(body);
            response.EnsureSuccessStatusCode();
            counts.AddOrUpdate(response.Header(GatewayHeaders.Target), 1, (_, c) => c + 1);
        });

        counts.Keys.Should().BeEquivalentTo(["alpha/gpt-4o-mini", "beta/gpt-4o-mini"]);
        var expectedAlpha = requests * 0.7;
        var expectedBeta = requests * 0.3;
        var chiSquare = Math.Pow(counts["alpha/gpt-4o-mini"] - expectedAlpha, 2) / expectedAlpha
                        + Math.Pow(counts["beta/gpt-4o-mini"] - expectedBeta, 2) / expectedBeta;

        // df = 1, p = 0.001: a correct 70/30 split fails this once in a thousand runs; a 65/35 split fails it almost always.
        chiSquare.Should().BeLessThan(10.83, $"alpha={counts["alpha/gpt-4o-mini"]}, beta={counts["beta/gpt-4o-mini"]}");
    }
}
