using System.Net;
using System.Text.Json;

namespace Switchyard.MockProvider.Tests;

public sealed class CompletionsAndModelsTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    [Fact]
    public async Task Completions_NonStream_AnswersTextCompletion()
    {
        using var response = await fixture.PostAsync("/x/name=legacy/v1/completions", """{"model":"gpt-3.5-turbo-instruct","prompt":"Say hi"}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("object").GetString().Should().Be("text_completion");
        body.GetProperty("model").GetString().Should().Be("gpt-3.5-turbo-instruct");
        body.GetProperty("choices")[0].GetProperty("text").GetString().Should().Contain("legacy");
        body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Completions_Stream_EndsWithFinishUsageAndDone()
    {
        using var response = await fixture.PostAsync(
            "/x/chunks=2/v1/completions",
            """{"model":"m","prompt":"Say hi","stream":true,"stream_options":{"include_usage":true}}""",
            HttpCompletionOption.ResponseHeadersRead);

        var events = await SseReader.ReadAllAsync(response);

        events.Should().HaveCount(2 + 1 + 1 + 1);
        events[^1].IsDone.Should().BeTrue();
        events[2].Json.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        events[3].Json.GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().BePositive();
    }

    [Fact]
    public async Task Models_List_UsesTheModelsOptionAndNameAsOwner()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/x/name=catalog/models=alpha,beta/v1/models", UriKind.Relative));

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("object").GetString().Should().Be("list");
        body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Should().Equal("alpha", "beta");
        body.GetProperty("data")[0].GetProperty("owned_by").GetString().Should().Be("catalog");
    }

    [Fact]
    public async Task Models_Get_AnswersKnownAnd404sUnknown()
    {
        using var known = await fixture.Http.GetAsync(new Uri("/x/models=alpha/v1/models/alpha", UriKind.Relative));
        using var unknown = await fixture.Http.GetAsync(new Uri("/x/models=alpha/v1/models/gamma", UriKind.Relative));

        known.StatusCode.Should().Be(HttpStatusCode.OK);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_Is200()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
