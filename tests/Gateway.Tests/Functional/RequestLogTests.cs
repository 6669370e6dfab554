using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Gateway.Logging;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Functional;

[Collection(SharedGateway.Name)]
public sealed class RequestLogTests(GatewayFixture gateway)
{
    [Fact]
    public async Task EveryRequest_WritesOneRow_ThatMatchesWhatWasServed()
    {
        using var ok = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}},\"metadata\":{{\"user_id\":\"u-log\"}}");
        using var failed = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.BrokenGroupId}\"}}");
        using var streamed = await gateway.Http.SendAsync(gateway.Post("/v1/chat/completions",
            "{\"model\":\"alpha/gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}"));
        await streamed.Content.ReadAsStringAsync();
        var okId = ok.Header(GatewayHeaders.RequestId);
        var failedId = failed.Header(GatewayHeaders.RequestId);
        var streamId = streamed.Header(GatewayHeaders.RequestId);

        await gateway.Gateway.Services.GetRequiredService<RequestLogQueue>().FlushAsync();

        var (scope, db) = gateway.Scoped(gateway.AcmeId);
        await using (scope)
        {
            var rows = await db.RequestLogs.Where(r => r.RequestId == okId || r.RequestId == failedId || r.RequestId == streamId).ToListAsync();
            rows.Should().HaveCount(3);

            var okRow = rows.Single(r => r.RequestId == okId);
            okRow.Status.Should().Be(200);
            okRow.GroupPublicId.Should().Be(gateway.SplitGroupId);
            okRow.GroupVersion.Should().Be(1);
            okRow.Target.Should().Be(ok.Header(GatewayHeaders.Target));
            okRow.Route.Should().Be(ok.Header(GatewayHeaders.Route));
            okRow.Attempts.Should().Be(1);
            okRow.TotalTokens.Should().BeGreaterThan(0);
            okRow.MetadataJson.Should().Contain("u-log");
            okRow.ErrorCode.Should().BeNull();

            var failedRow = rows.Single(r => r.RequestId == failedId);
            failedRow.Status.Should().Be(502);
            failedRow.ErrorCode.Should().Be("all_targets_failed");
            failedRow.Attempts.Should().Be(2);

            var streamRow = rows.Single(r => r.RequestId == streamId);
            streamRow.Stream.Should().BeTrue();
            streamRow.CompletionTokens.Should().BeGreaterThan(0, "the final usage chunk of a stream is read");
            streamRow.FirstByteMs.Should().NotBeNull();
        }
    }

    [Fact]
    public async Task AnotherOrganizationsContext_SeesNoneOfTheseRows()
    {
        using var ok = await gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}}");
        await gateway.Gateway.Services.GetRequiredService<RequestLogQueue>().FlushAsync();
        var id = ok.Header(GatewayHeaders.RequestId);

        var (scope, db) = gateway.Scoped(gateway.OtherId);
        await using (scope)
        {
            (await db.RequestLogs.AnyAsync(r => r.RequestId == id)).Should().BeFalse();
        }
    }
}
