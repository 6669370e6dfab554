using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Domain.Providers;
using Switchyard.Gateway.Forwarding;
using static Switchyard.Gateway.Tests.Forwarding.ForwardingTestData;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>OpenAI chat ↔ Anthropic Messages, both ways, against the mock's <c>/v1/messages</c>.</summary>
public sealed class AnthropicForwardingTests(MockUpstreamFixture fixture) : IClassFixture<MockUpstreamFixture>
{
    private const string ClaudeModel = "claude-test";
    private readonly UpstreamForwarder _forwarder = fixture.Forwarder;

    private static byte[] RichChatBody(bool stream) => Encoding.UTF8.GetBytes($$$"""
        {
          "model": "claude-test",
          "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "developer", "content": [{"type": "text", "text": "Answer in English."}]},
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello! How can I help?"},
            {"role": "user", "content": [
              {"type": "text", "text": "What is in this image?"},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
              {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
            ]}
          ],
          "temperature": 0.5,
          "top_p": 0.9,
          "stop": "END",
          "user": "u-42",
          "frequency_penalty": 0.1,
          "stream": {{{(stream ? "true" : "false")}}},
          "stream_options": {"include_usage": true}
        }
        """);

    [Fact]
    public async Task SendAsync_Anthropic_TranslatesTheRequest()
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(Anthropic(fixture.Mock, $"name={name}"), RichChatBody(stream: false)), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.None, upstream.ErrorMessage);
        var recorded = await RecordedAsync(fixture.Mock, name);
        recorded.Path.Should().Be($"/x/name={name}/v1/messages");
        recorded.Headers["x-api-key"].Should().Be(Secret);
        recorded.Headers["anthropic-version"].Should().Be("2023-06-01");
        recorded.Headers.Should().NotContainKey("authorization");

        var sent = JsonNode.Parse(recorded.Body)!;
        var expected = JsonNode.Parse("""
            {
              "model": "claude-test",
              "max_tokens": 4096,
              "system": "Be brief.\n\nAnswer in English.",
              "messages": [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello! How can I help?"},
                {"role": "user", "content": [
                  {"type": "text", "text": "What is in this image?"},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                  {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.png"}}
                ]}
              ],
              "temperature": 0.5,
              "top_p": 0.9,
              "stop_sequences": ["END"],
              "metadata": {"user_id": "u-42"}
            }
            """);
        JsonNode.DeepEquals(sent, expected).Should().BeTrue(sent.ToJsonString());
    }

    [Fact]
    public async Task SendAsync_AnthropicMaxTokens_IsPassedOn()
    {
        var name = UniqueName();
        var body = """{"messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":77}"""u8.ToArray();

        using var upstream = await _forwarder.SendAsync(Call(Anthropic(fixture.Mock, $"name={name}"), body), CancellationToken.None);

        JsonNode.Parse((await RecordedAsync(fixture.Mock, name)).Body)!["max_tokens"]!.GetValue<int>().Should().Be(77);
    }

    [Fact]
    public async Task CopyToAsync_AnthropicMessage_BecomesAChatCompletion()
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(Anthropic(fixture.Mock, $"name={name}"), RichChatBody(stream: false)), CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        outcome.Completed.Should().BeTrue();
        client.Response.StatusCode.Should().Be(200);
        client.Response.ContentType.Should().Be("application/json");
        client.Response.ContentLength.Should().Be(Encoding.UTF8.GetByteCount(client.Body));
        var completion = JsonNode.Parse(client.Body)!;
        completion["object"]!.GetValue<string>().Should().Be("chat.completion");
        completion["model"]!.GetValue<string>().Should().Be(ClaudeModel);
        var choice = completion["choices"]![0]!;
        choice["message"]!["role"]!.GetValue<string>().Should().Be("assistant");
        choice["message"]!["content"]!.GetValue<string>().Should().Be(ExpectedReply(name, ClaudeModel));
        choice["finish_reason"]!.GetValue<string>().Should().Be("stop");
        var usage = completion["usage"]!;
        usage["prompt_tokens"]!.GetValue<int>().Should().BePositive();
        usage["completion_tokens"]!.GetValue<int>().Should().BePositive();
        usage["total_tokens"]!.GetValue<int>().Should().Be(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>());
        outcome.PromptTokens.Should().Be(usage["prompt_tokens"]!.GetValue<int>());
        outcome.CompletionTokens.Should().Be(usage["completion_tokens"]!.GetValue<int>());
        outcome.TotalTokens.Should().Be(usage["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task CopyToAsync_AnthropicStream_BecomesChatCompletionChunks()
    {
        var name = UniqueName();
        var call = Call(Anthropic(fixture.Mock, $"name={name}", "chunks=4"), RichChatBody(stream: true), stream: true);

        using var upstream = await _forwarder.SendAsync(call, CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        JsonNode.Parse((await RecordedAsync(fixture.Mock, name)).Body)!["stream"]!.GetValue<bool>().Should().BeTrue();
        outcome.Completed.Should().BeTrue();
        client.Response.ContentType.Should().StartWith("text/event-stream");
        var events = SseTranscript.Parse(client.Body);
        events[^1].Should().Be("[DONE]");
        var chunks = events.Take(events.Count - 1).Select(e => JsonNode.Parse(e)!).ToList();
        chunks.Should().AllSatisfy(c => c["object"]!.GetValue<string>().Should().Be("chat.completion.chunk"));
        chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>().Should().Be("assistant");
        var text = string.Concat(chunks
            .Where(c => c["choices"]!.AsArray().Count > 0)
            .Select(c => c["choices"]![0]!["delta"]!["content"]?.GetValue<string>() ?? string.Empty));
        text.Should().Be(ExpectedReply(name, ClaudeModel));
        chunks.Count(c => c["choices"]!.AsArray().Count > 0 && c["choices"]![0]!["finish_reason"]?.GetValue<string>() == "stop").Should().Be(1);
        var usage = chunks[^1]["usage"]!;
        chunks[^1]["choices"]!.AsArray().Should().BeEmpty();
        outcome.PromptTokens.Should().Be(usage["prompt_tokens"]!.GetValue<int>()).And.BePositive();
        outcome.CompletionTokens.Should().Be(usage["completion_tokens"]!.GetValue<int>()).And.BePositive();
        outcome.TotalTokens.Should().Be(outcome.PromptTokens + outcome.CompletionTokens);
    }

    [Fact]
    public async Task CopyToAsync_AnthropicStreamWithoutIncludeUsage_HasNoUsageChunkButReportsUsage()
    {
        var name = UniqueName();
        var body = """{"messages":[{"role":"user","content":"Hi"}],"stream":true}"""u8.ToArray();

        using var upstream = await _forwarder.SendAsync(Call(Anthropic(fixture.Mock, $"name={name}"), body, stream: true), CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        client.Body.Should().NotContain("\"usage\"");
        outcome.CompletionTokens.Should().BePositive();
    }

    [Fact]
    public async Task CopyToAsync_AnthropicStreamCut_EndsWithTheErrorEvent()
    {
        var name = UniqueName();
        var call = Call(Anthropic(fixture.Mock, $"name={name}", "chunks=5", "chunk_delay_ms=50", "cut_after=2"), RichChatBody(stream: true), stream: true);

        using var upstream = await _forwarder.SendAsync(call, CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        outcome.Truncated.Should().BeTrue();
        outcome.Completed.Should().BeFalse();
        outcome.Error.Should().Be(ForwardError.UpstreamBrokeOff);
        client.Body.Should().EndWith(
            "data: {\"error\":{\"message\":\"upstream connection closed before the response completed\",\"type\":\"upstream_error\",\"code\":\"upstream_truncated\"}}\n\n");
        client.Body.Should().NotContain("[DONE]");
        SseTranscript.Parse(client.Body).Count(e => e.Contains("\"content\":\"", StringComparison.Ordinal)).Should().Be(3, "the role chunk and two content chunks");
    }

    [Fact]
    public async Task CopyToAsync_AnthropicError_IsInOpenAIShape()
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(Anthropic(fixture.Mock, $"name={name}", "fail=429", "retry_after=3")), CancellationToken.None);
        var (_, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        upstream.Error.Should().Be(ForwardError.UpstreamStatus);
        upstream.StatusCode.Should().Be(429);
        upstream.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        upstream.ErrorMessage.Should().StartWith("HTTP 429: Injected failure 429");
        client.Response.StatusCode.Should().Be(429);
        var error = JsonNode.Parse(client.Body)!["error"]!;
        error["message"]!.GetValue<string>().Should().StartWith("Injected failure 429");
        error["type"]!.GetValue<string>().Should().Be("rate_limit_error");
    }

    [Fact]
    public async Task SendAsync_AnthropicBaseUrlWithV1_PostsToMessages()
    {
        var name = UniqueName();
        var target = Target(ProviderKind.Anthropic, fixture.Mock.RootUrl($"name={name}") + "/v1/", ClaudeModel);

        using var upstream = await _forwarder.SendAsync(Call(target), CancellationToken.None);

        upstream.StatusCode.Should().Be(200);
        (await RecordedAsync(fixture.Mock, name)).Path.Should().Be($"/x/name={name}/v1/messages");
    }

    [Theory]
    [InlineData(GatewayEndpoint.Completions)]
    [InlineData(GatewayEndpoint.Embeddings)]
    [InlineData(GatewayEndpoint.Models)]
    public async Task SendAsync_AnthropicOtherOperations_AreRejected(GatewayEndpoint endpoint)
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(Anthropic(fixture.Mock, $"name={name}"), endpoint: endpoint), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.RequestRejected);
        upstream.StatusCode.Should().Be(400);
        upstream.ErrorMessage.Should().Contain("only serve chat completions");
        upstream.IsRetryable().Should().BeFalse();
        upstream.HasBody.Should().BeFalse();
        fixture.Mock.Requests.Snapshot(r => r.Name == name).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""", "Tool calling")]
    [InlineData("""{"messages":[{"role":"tool","content":"42","tool_call_id":"c1"}]}""", "'tool'")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"n":2}""", "'n'")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":"Hi"}""", "'messages'")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task SendAsync_UntranslatableRequest_IsRejectedWithAReason(string body, string reason)
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(Anthropic(fixture.Mock, $"name={name}"), Encoding.UTF8.GetBytes(body)), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.RequestRejected);
        upstream.ErrorMessage.Should().Contain(reason);
        fixture.Mock.Requests.Snapshot(r => r.Name == name).Should().BeEmpty();
    }
}
