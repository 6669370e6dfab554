using System.Net;
using System.Text.Json;

namespace Switchyard.MockProvider.Tests;

public sealed class AzureOpenAiTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    private const string NoModel = """{"messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task ChatCompletions_WithApiVersion_EchoesTheDeploymentAsModel()
    {
        using var response = await fixture.PostAsync("/x/name=azure-eu/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21", NoModel);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("x-mock-name").Should().Equal("azure-eu");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("model").GetString().Should().Be("gpt4o-prod");
        body.GetProperty("object").GetString().Should().Be("chat.completion");
    }

    [Fact]
    public async Task ChatCompletions_BodyModel_WinsOverTheDeployment()
    {
        using var response = await fixture.PostAsync(
            "/openai/deployments/dep/chat/completions?api-version=2024-10-21", """{"model":"gpt-4o","messages":[]}""");

        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("model").GetString().Should().Be("gpt-4o");
    }

    [Fact]
    public async Task ChatCompletions_WithoutApiVersion_Is400()
    {
        using var response = await fixture.PostAsync("/openai/deployments/dep/chat/completions", NoModel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("code").GetString().Should().Be("MissingApiVersionParameter");
    }

    [Fact]
    public async Task Embeddings_OnDeploymentPath_Answer()
    {
        using var response = await fixture.PostAsync("/openai/deployments/emb/embeddings?api-version=2024-10-21", """{"input":"hello"}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("model").GetString().Should().Be("emb");
        body.GetProperty("data")[0].GetProperty("embedding").GetArrayLength().Should().Be(1536);
    }

    [Fact]
    public async Task RequireKey_AcceptsTheApiKeyHeaderOnly()
    {
        const string path = "/x/require_key=az-secret/openai/deployments/dep/chat/completions?api-version=2024-10-21";

        using var bearerOfOtherKey = await fixture.SendAsync(MockServerFixture.Post(path, NoModel, ("Authorization", "Bearer sk-other")));
        using var apiKey = await fixture.SendAsync(MockServerFixture.Post(path, NoModel, ("api-key", "az-secret")));

        bearerOfOtherKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        apiKey.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
