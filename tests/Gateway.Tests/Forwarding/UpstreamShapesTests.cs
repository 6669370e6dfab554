using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Domain.Providers;
using Switchyard.Gateway.Forwarding;
using static Switchyard.Gateway.Tests.Forwarding.ForwardingTestData;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>URL, header and body shapes per provider, checked through the mock's recording.</summary>
public sealed class UpstreamShapesTests(MockUpstreamFixture fixture) : IClassFixture<MockUpstreamFixture>
{
    private readonly UpstreamForwarder _forwarder = fixture.Forwarder;

    [Fact]
    public async Task SendAsync_OpenAI_PostsBodyVerbatimWithBearerSecret()
    {
        var name = UniqueName();
        var body = ChatBody();

        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={name}")), CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        upstream.Error.Should().Be(ForwardError.None);
        upstream.StatusCode.Should().Be(200);
        var recorded = await RecordedAsync(fixture.Mock, name);
        recorded.Method.Should().Be("POST");
        recorded.Path.Should().Be($"/x/name={name}/v1/chat/completions");
        recorded.Headers["authorization"].Should().Be($"Bearer {Secret}");
        recorded.Headers["content-type"].Should().Be("application/json");
        recorded.Headers["user-agent"].Should().Be("Switchyard-Gateway/1.0");
        recorded.Body.Should().Be(Encoding.UTF8.GetString(body));
        outcome.Completed.Should().BeTrue();
        client.Response.StatusCode.Should().Be(200);
        JsonNode.Parse(client.Body)!["choices"]![0]!["message"]!["content"]!.GetValue<string>().Should().Be(ExpectedReply(name, Model));
    }

    [Fact]
    public async Task SendAsync_NoSecret_SendsNoCredential()
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={name}")) with { Secret = null }, CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.None);
        (await RecordedAsync(fixture.Mock, name)).Headers.Should().NotContainKey("authorization");
    }

    [Theory]
    [InlineData(GatewayEndpoint.Completions, "v1/completions")]
    [InlineData(GatewayEndpoint.Embeddings, "v1/embeddings")]
    public async Task SendAsync_OpenAIOperations_UseTheirPaths(GatewayEndpoint endpoint, string path)
    {
        var name = UniqueName();
        var body = endpoint == GatewayEndpoint.Embeddings
            ? """{"model":"emb","input":"hello"}"""u8.ToArray()
            : """{"model":"gpt-test","prompt":"hello"}"""u8.ToArray();

        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={name}"), body, endpoint: endpoint), CancellationToken.None);
        var (outcome, _) = await ClientResponse.CopyAsync(_forwarder, upstream);

        upstream.StatusCode.Should().Be(200);
        (await RecordedAsync(fixture.Mock, name)).Path.Should().Be($"/x/name={name}/{path}");
        outcome.PromptTokens.Should().BePositive();
        outcome.TotalTokens.Should().BePositive();
    }

    [Fact]
    public async Task SendAsync_BaseUrlWithTrailingSlash_JoinsWithOneSlash()
    {
        var name = UniqueName();
        var target = Target(ProviderKind.OpenAI, fixture.Mock.OpenAiBaseUrl($"name={name}") + "/");

        using var upstream = await _forwarder.SendAsync(Call(target), CancellationToken.None);

        (await RecordedAsync(fixture.Mock, name)).Path.Should().Be($"/x/name={name}/v1/chat/completions");
    }

    [Fact]
    public async Task SendAsync_Models_IsAGetWithoutBody()
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={name}"), endpoint: GatewayEndpoint.Models), CancellationToken.None);

        upstream.StatusCode.Should().Be(200);
        var recorded = await RecordedAsync(fixture.Mock, name);
        recorded.Method.Should().Be("GET");
        recorded.Path.Should().Be($"/x/name={name}/v1/models");
    }

    [Fact]
    public async Task SendAsync_Azure_UsesDeploymentUrlApiVersionAndApiKey()
    {
        var name = UniqueName();
        var target = Target(ProviderKind.AzureOpenAI, fixture.Mock.RootUrl($"name={name}").ToString(), "gpt-4o", deployment: "prod-4o");

        using var upstream = await _forwarder.SendAsync(Call(target), CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        upstream.StatusCode.Should().Be(200);
        var recorded = await RecordedAsync(fixture.Mock, name);
        recorded.Path.Should().Be($"/x/name={name}/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21");
        recorded.Headers["api-key"].Should().Be(Secret);
        recorded.Headers.Should().NotContainKey("authorization");
        outcome.Completed.Should().BeTrue();
        JsonNode.Parse(client.Body)!["object"]!.GetValue<string>().Should().Be("chat.completion");
    }

    [Fact]
    public async Task SendAsync_AzureWithoutDeployment_UsesTheModelAndTheConfiguredVersion()
    {
        var name = UniqueName();
        var target = Target(ProviderKind.AzureOpenAI, fixture.Mock.RootUrl($"name={name}") + "/openai/", "text-embedding-3-small", apiVersion: "2025-01-01-preview");

        using var upstream = await _forwarder.SendAsync(
            Call(target, """{"input":["a","b"]}"""u8.ToArray(), endpoint: GatewayEndpoint.Embeddings), CancellationToken.None);

        upstream.StatusCode.Should().Be(200);
        (await RecordedAsync(fixture.Mock, name)).Path.Should().Be(
            $"/x/name={name}/openai/deployments/text-embedding-3-small/embeddings?api-version=2025-01-01-preview");
    }

    [Fact]
    public void UpstreamUrls_AzureResourceOnly_BuildsTheAzureHost()
    {
        var target = new Domain.Routing.RouteTarget(
            new Domain.Routing.ConnectionRoute(Guid.NewGuid(), "az", ProviderKind.AzureOpenAI, "", AzureResource: "contoso-eu", AzureDeployment: "dep 1"),
            "gpt-4o");

        UpstreamUrls.TryBuild(target, GatewayEndpoint.ChatCompletions, "2024-10-21", out var uri, out var error).Should().BeTrue(error);

        uri!.AbsoluteUri.Should().Be("https://contoso-eu.openai.azure.com/openai/deployments/dep%201/chat/completions?api-version=2024-10-21");
    }

    [Theory]
    [InlineData("ftp://example.com/v1")]
    [InlineData("not a url")]
    public async Task SendAsync_InvalidBaseUrl_IsRejected(string baseUrl)
    {
        using var upstream = await _forwarder.SendAsync(Call(Target(ProviderKind.OpenAI, baseUrl)), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.RequestRejected);
        upstream.StatusCode.Should().Be(400);
        upstream.ErrorMessage.Should().Contain("base URL");
    }

    [Fact]
    public async Task SendAsync_ClientHeaders_OnlyTheAllowListPasses()
    {
        await using var host = await ForwardingHost.StartAsync(_forwarder);
        var name = UniqueName();
        var scenario = host.Add(Call(OpenAi(fixture.Mock, $"name={name}")), passClientHeaders: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, scenario.Path) { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer sy-gateway-key");
        request.Headers.TryAddWithoutValidation("User-Agent", "OpenAI/Python 1.54.0");
        request.Headers.TryAddWithoutValidation("OpenAI-Organization", "org-client");
        request.Headers.TryAddWithoutValidation("OpenAI-Beta", "assistants=v2");
        request.Headers.TryAddWithoutValidation("Cookie", "session=1");
        request.Headers.TryAddWithoutValidation("x-api-key", "sy-gateway-key");

        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var recorded = await RecordedAsync(fixture.Mock, name);
        recorded.Headers["authorization"].Should().Be($"Bearer {Secret}");
        recorded.Headers["user-agent"].Should().Be("OpenAI/Python 1.54.0");
        recorded.Headers["openai-beta"].Should().Be("assistants=v2");
        recorded.Headers.Should().NotContainKeys("openai-organization", "cookie", "x-api-key");
        string.Join(";", recorded.Headers.Values).Should().NotContain("sy-gateway-key");
    }

    [Fact]
    public async Task SendAsync_ExtraCredentialHeaders_AreDropped()
    {
        var name = UniqueName();
        var call = Call(OpenAi(fixture.Mock, $"name={name}")) with
        {
            Headers =
            [
                new("Authorization", "Bearer client"),
                new("api-key", "client"),
                new("x-switchyard-target", "spoof"),
                new("Content-Type", "text/plain"),
                new("X-Custom", "kept"),
            ],
        };

        using var upstream = await _forwarder.SendAsync(call, CancellationToken.None);

        var recorded = await RecordedAsync(fixture.Mock, name);
        recorded.Headers["authorization"].Should().Be($"Bearer {Secret}");
        recorded.Headers["content-type"].Should().Be("application/json");
        recorded.Headers["x-custom"].Should().Be("kept");
        recorded.Headers.Should().NotContainKeys("api-key", "x-switchyard-target");
    }

    [Fact]
    public async Task CopyToAsync_ResponseHeaders_PassThroughWithoutHopByHop()
    {
        var name = UniqueName();

        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={name}"), stream: true), CancellationToken.None);
        var (_, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        client.Response.Headers["x-mock-name"].ToString().Should().Be(name);
        client.Response.ContentType.Should().StartWith("text/event-stream");
        client.Response.Headers.Should().NotContainKey("Transfer-Encoding");
        client.Response.Headers.Should().NotContainKey("Server");
        client.Response.Headers["X-Accel-Buffering"].ToString().Should().Be("no");
    }
}
