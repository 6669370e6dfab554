using System.Net;
using System.Text.Json;
using Switchyard.MockProvider.Recording;

namespace Switchyard.MockProvider.Tests;

public sealed class ChatCompletionsTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    private const string Hello = """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello there, mock!"}]}""";

    [Fact]
    public async Task Post_NonStream_EchoesModelNameAndDeterministicUsage()
    {
        using var response = await fixture.PostAsync("/x/name=alpha/v1/chat/completions", Hello);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("x-mock-name").Should().Equal("alpha");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("id").GetString().Should().StartWith("chatcmpl-");
        body.GetProperty("object").GetString().Should().Be("chat.completion");
        body.GetProperty("model").GetString().Should().Be("gpt-4o-mini");
        var choice = body.GetProperty("choices")[0];
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
        choice.GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        var content = choice.GetProperty("message").GetProperty("content").GetString();
        content.Should().Contain("alpha").And.Contain("gpt-4o-mini");

        // "Be brief." + "Hello there, mock!" = 27 characters -> 7 tokens at four characters per token.
        var usage = body.GetProperty("usage");
        usage.GetProperty("prompt_tokens").GetInt32().Should().Be(7);
        usage.GetProperty("completion_tokens").GetInt32().Should().Be((content!.Length + 3) / 4);
        usage.GetProperty("total_tokens").GetInt32().Should().Be(7 + ((content.Length + 3) / 4));
    }

    [Fact]
    public async Task Post_WithoutOptions_AnswersOnPlainV1Path()
    {
        using var response = await fixture.PostAsync("/v1/chat/completions", Hello);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("x-mock-name").Should().Equal("mock");
    }

    [Fact]
    public async Task Post_Stream_SendsRoleChunkContentChunksFinishUsageAndDone()
    {
        var json = """{"model":"m-1","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""";
        using var response = await fixture.PostAsync("/x/name=streamer/chunks=4/v1/chat/completions", json, HttpCompletionOption.ResponseHeadersRead);

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = await SseReader.ReadAllAsync(response);

        events[^1].IsDone.Should().BeTrue();
        var chunks = events.SkipLast(1).Select(e => e.Json).ToList();
        chunks.Should().HaveCount(1 + 4 + 1 + 1, "role chunk, four content chunks, finish chunk, usage chunk");
        chunks.Should().AllSatisfy(c => c.GetProperty("object").GetString().Should().Be("chat.completion.chunk"));
        chunks.Select(c => c.GetProperty("id").GetString()).Distinct().Should().ContainSingle();
        chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString().Should().Be("assistant");

        var text = string.Concat(chunks.Skip(1).Take(4).Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        text.Should().Contain("streamer").And.Contain("m-1");
        chunks[5].GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        chunks[6].GetProperty("choices").GetArrayLength().Should().Be(0);
        chunks[6].GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be((text.Length + 3) / 4);
    }

    [Fact]
    public async Task Post_Stream_ConcatenatedContentEqualsNonStreamedContent()
    {
        var plain = await fixture.PostAsync("/x/name=same/v1/chat/completions", Hello);
        var expected = JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement
            .GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        using var streamed = await fixture.PostAsync(
            "/x/name=same/v1/chat/completions", Hello.Replace("{\"model\"", "{\"stream\":true,\"model\"", StringComparison.Ordinal),
            HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadAllAsync(streamed);

        var text = string.Concat(events.Where(e => !e.IsDone)
            .Select(e => e.Json.GetProperty("choices"))
            .Where(c => c.GetArrayLength() > 0 && c[0].GetProperty("delta").TryGetProperty("content", out _))
            .Select(c => c[0].GetProperty("delta").GetProperty("content").GetString()));
        text.Should().Be(expected);
        events.Where(e => !e.IsDone).Should().NotContain(e => e.Json.ToString().Contains("\"usage\"", StringComparison.Ordinal), "usage was not asked for");
    }

    [Fact]
    public async Task Post_Stream_DeliversChunksIncrementally()
    {
        var json = """{"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]}""";
        using var response = await fixture.PostAsync(
            "/x/name=incremental/chunks=4/chunk_delay_ms=400/v1/chat/completions", json, HttpCompletionOption.ResponseHeadersRead);

        await using var enumerator = SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator();
        (await enumerator.MoveNextAsync()).Should().BeTrue();
        (await enumerator.MoveNextAsync()).Should().BeTrue();
        enumerator.Current.Json.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString().Should().NotBeEmpty();

        // The first content chunk arrived while the server still had 3 × 400 ms of stream ahead of it.
        fixture.Server.Requests.Snapshot(r => r.Name == "incremental").Should().ContainSingle()
            .Which.Outcome.Should().Be(RequestOutcome.InProgress);
    }

    [Fact]
    public async Task Post_MalformedJson_Is400WithOpenAiErrorBody()
    {
        using var response = await fixture.PostAsync("/v1/chat/completions", "{\"model\": \"m\", ");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        error.TryGetProperty("code", out _).Should().BeTrue();
        error.TryGetProperty("param", out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"messages":[]}""", "model")]
    [InlineData("""{"model":5,"messages":[]}""", "model")]
    [InlineData("""{"model":"m"}""", "messages")]
    [InlineData("""{"model":"m","messages":[],"stream":"yes"}""", "stream")]
    public async Task Post_InvalidFields_Is400NamingTheParameter(string json, string param)
    {
        using var response = await fixture.PostAsync("/v1/chat/completions", json);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("param").GetString().Should().Be(param);
    }

    [Fact]
    public async Task Post_UnknownPath_Is404()
    {
        using var response = await fixture.PostAsync("/v2/chat/completions", Hello);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("code").GetString().Should().Be("unknown_url");
    }

    [Fact]
    public async Task Get_OnChatCompletions_Is405()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/v1/chat/completions", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }
}
