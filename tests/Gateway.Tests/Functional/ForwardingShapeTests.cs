using System.Net;
using System.Text.Json;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Functional;

[Collection(SharedGateway.Name)]
public sealed class ForwardingShapeTests(GatewayFixture gateway)
{
    [Fact]
    public async Task AzureTarget_GetsTheDeploymentUrl_ApiVersion_AndApiKeyHeader()
    {
        using var response = await gateway.ChatAsync("\"model\":\"azure-eu/gpt-4o\",\"temperature\":0.25");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var requestId = response.Header(GatewayHeaders.RequestId);
        var seen = (await gateway.Mock.Requests.WaitForAsync(r => r.Name == "azure", 1, TimeSpan.FromSeconds(5)))[^1];
        seen.Path.Should().Be("/x/name=azure/openai/deployments/gpt4o-deploy/chat/completions?api-version=2024-10-21");
        seen.Headers.Should().ContainKey("api-key").WhoseValue.Should().Be("azure-secret-key-0003");
        seen.Headers.Should().NotContainKey("authorization");
        requestId.Should().NotBeEmpty();
    }

    [Fact]
    public async Task OpenAITarget_GetsTheConnectionsSecret_NotTheCallersKey_AndTheBodyWithoutGatewayFields()
    {
        using var response = await gateway.ChatAsync(
            "\"model\":\"alpha/gpt-4o-mini\",\"metadata\":{\"user_id\":\"u-1\"},\"fallback_models\":[\"beta/gpt-4o-mini\"],\"temperature\":0.7000,\"tools\":[]");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var seen = (await gateway.Mock.Requests.WaitForAsync(r => r.Name == "alpha" && r.Body.Contains("0.7000", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(5)))[^1];
        seen.Headers["authorization"].Should().Be("Bearer " + GatewayFixture.SecretOfAlpha);
        using var body = JsonDocument.Parse(seen.Body);
        var names = body.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        names.Should().BeEquivalentTo(["messages", "model", "temperature", "tools"]);
        body.RootElement.GetProperty("model").GetString().Should().Be("gpt-4o-mini");
        seen.Body.Should().Contain("0.7000", "untouched fields pass through byte for byte");
    }

    [Fact]
    public async Task Stream_EndsWithDone_AndIsServedAsEventStream()
    {
        using var request = gateway.Post("/v1/chat/completions",
            $"{{\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}},\"stream\":true,\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}");
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("chat.completion.chunk");
        text.TrimEnd().Should().EndWith("data: [DONE]");
    }

    [Fact]
    public async Task StreamCutByTheUpstream_EndsWithAnSseErrorEvent_NotDone()
    {
        using var request = gateway.Post("/v1/chat/completions",
            "{\"model\":\"cut/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("chat.completion.chunk");
        text.Should().Contain("upstream_truncated");
        text.Should().NotContain("[DONE]");
    }

    [Fact]
    public async Task ClientDisconnectMidStream_CancelsTheUpstreamCall()
    {
        using var request = gateway.Post("/v1/chat/completions",
            "{\"model\":\"dribble/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"disconnect-test\"}]}");
        using (var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer);
            read.Should().BeGreaterThan(0, "the first chunk arrives while the upstream is still producing");
        }

        // 50 chunks at 100 ms would take 5 s; an aborted upstream call is recorded long before that.
        var aborted = await gateway.Mock.Requests.WaitForAsync(
            r => r.Name == "dribble" && r.Body.Contains("disconnect-test", StringComparison.Ordinal) && r.ClientAborted, 1, TimeSpan.FromSeconds(4));
        aborted.Should().ContainSingle();
    }
}
