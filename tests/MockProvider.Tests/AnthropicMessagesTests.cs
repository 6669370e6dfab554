using System.Net;
using System.Text.Json;

namespace Switchyard.MockProvider.Tests;

public sealed class AnthropicMessagesTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    private const string Request = """{"model":"claude-sonnet-4-5","max_tokens":256,"system":"Be kind.","messages":[{"role":"user","content":"Hello, Claude"}]}""";
    private static readonly (string, string) _version = ("anthropic-version", "2023-06-01");

    [Fact]
    public async Task Messages_NonStream_AnswersInAnthropicShape()
    {
        using var response = await fixture.SendAsync(MockServerFixture.Post("/x/name=claude-a/v1/messages", Request, _version));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("id").GetString().Should().StartWith("msg_");
        body.GetProperty("type").GetString().Should().Be("message");
        body.GetProperty("role").GetString().Should().Be("assistant");
        body.GetProperty("model").GetString().Should().Be("claude-sonnet-4-5");
        body.GetProperty("stop_reason").GetString().Should().Be("end_turn");
        var block = body.GetProperty("content")[0];
        block.GetProperty("type").GetString().Should().Be("text");
        block.GetProperty("text").GetString().Should().Contain("claude-a");

        // "Be kind." + "Hello, Claude" = 21 characters -> 6 tokens.
        body.GetProperty("usage").GetProperty("input_tokens").GetInt32().Should().Be(6);
        body.GetProperty("usage").GetProperty("output_tokens").GetInt32().Should().BePositive();
    }

    [Fact]
    public async Task Messages_Stream_FollowsAnthropicsEventSequence()
    {
        var json = Request.Replace("{\"model\"", "{\"stream\":true,\"model\"", StringComparison.Ordinal);
        using var response = await fixture.SendAsync(
            MockServerFixture.Post("/x/chunks=3/v1/messages", json, _version), HttpCompletionOption.ResponseHeadersRead);

        var events = await SseReader.ReadAllAsync(response);

        events.Select(e => e.Event).Should().Equal(
            "message_start", "content_block_start", "ping",
            "content_block_delta", "content_block_delta", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop");
        events.Should().AllSatisfy(e => e.Json.GetProperty("type").GetString().Should().Be(e.Event));
        events[0].Json.GetProperty("message").GetProperty("model").GetString().Should().Be("claude-sonnet-4-5");
        events[3].Json.GetProperty("delta").GetProperty("type").GetString().Should().Be("text_delta");
        events[7].Json.GetProperty("delta").GetProperty("stop_reason").GetString().Should().Be("end_turn");
        events[7].Json.GetProperty("usage").GetProperty("output_tokens").GetInt32().Should().BePositive();
    }

    [Fact]
    public async Task Messages_WithoutAnthropicVersion_Is400InAnthropicErrorShape()
    {
        using var response = await fixture.SendAsync(MockServerFixture.Post("/v1/messages", Request));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("type").GetString().Should().Be("error");
        body.GetProperty("error").GetProperty("type").GetString().Should().Be("invalid_request_error");
    }

    [Fact]
    public async Task Messages_WithoutMaxTokens_Is400()
    {
        using var response = await fixture.SendAsync(MockServerFixture.Post(
            "/v1/messages", """{"model":"claude","messages":[]}""", _version));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Messages_InjectedOverload_UsesAnthropicErrorType()
    {
        using var response = await fixture.SendAsync(MockServerFixture.Post("/x/fail=503/v1/messages", Request, _version));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("type").GetString().Should().Be("overloaded_error");
    }

    [Fact]
    public async Task RequireKey_AcceptsXApiKeyOrBearer_RejectsAnythingElse()
    {
        const string path = "/x/require_key=ant-secret/v1/messages";

        using var wrong = await fixture.SendAsync(MockServerFixture.Post(path, Request, _version, ("x-api-key", "ant-other")));
        using var openAiStyleHeader = await fixture.SendAsync(MockServerFixture.Post(path, Request, _version, ("api-key", "ant-secret")));
        using var xApiKey = await fixture.SendAsync(MockServerFixture.Post(path, Request, _version, ("x-api-key", "ant-secret")));
        using var bearer = await fixture.SendAsync(MockServerFixture.Post(path, Request, _version, ("Authorization", "Bearer ant-secret")));

        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("type").GetString().Should().Be("authentication_error");
        openAiStyleHeader.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        xApiKey.StatusCode.Should().Be(HttpStatusCode.OK);
        bearer.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CutAfter_BreaksTheEventStreamAfterNDeltas()
    {
        var json = Request.Replace("{\"model\"", "{\"stream\":true,\"model\"", StringComparison.Ordinal);
        using var response = await fixture.SendAsync(
            MockServerFixture.Post("/x/cut_after=1/v1/messages", json, _version), HttpCompletionOption.ResponseHeadersRead);

        var received = new List<SseEvent>();
        var read = async () =>
        {
            await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()))
            {
                received.Add(e);
            }
        };

        await read.Should().ThrowAsync<IOException>();
        received.Select(e => e.Event).Should().Equal("message_start", "content_block_start", "ping", "content_block_delta");
    }
}
