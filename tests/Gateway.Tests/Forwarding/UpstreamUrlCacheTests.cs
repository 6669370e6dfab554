using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Forwarding;

namespace Switchyard.Gateway.Tests.Forwarding;

public sealed class UpstreamUrlCacheTests
{
    private static RouteTarget Target(string baseUrl, ProviderKind kind = ProviderKind.OpenAI, string model = "gpt-4o-mini") =>
        new(new ConnectionRoute(Guid.NewGuid(), "c", kind, baseUrl), model);

    [Fact]
    public void SameTargetAndEndpoint_GivesTheUriBuiltTheFirstTime()
    {
        var cache = new UpstreamUrlCache("2024-10-21");
        var target = Target("http://127.0.0.1:9/v1");

        cache.TryGet(target, GatewayEndpoint.ChatCompletions, out var first, out _).Should().BeTrue();
        cache.TryGet(target, GatewayEndpoint.ChatCompletions, out var second, out _).Should().BeTrue();

        first!.AbsoluteUri.Should().Be("http://127.0.0.1:9/v1/chat/completions");
        second.Should().BeSameAs(first);
    }

    [Fact]
    public void EachEndpointAndEachTarget_GetsItsOwnUri()
    {
        var cache = new UpstreamUrlCache("2024-10-21");
        var azure = Target("https://contoso.openai.azure.com", ProviderKind.AzureOpenAI, "gpt-4o");
        var otherModel = new RouteTarget(azure.Connection, "text-embedding-3-small");

        cache.TryGet(azure, GatewayEndpoint.ChatCompletions, out var chat, out _).Should().BeTrue();
        cache.TryGet(azure, GatewayEndpoint.Embeddings, out var embeddings, out _).Should().BeTrue();
        cache.TryGet(otherModel, GatewayEndpoint.Embeddings, out var otherEmbeddings, out _).Should().BeTrue();

        chat!.AbsoluteUri.Should().Be("https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
        embeddings!.AbsoluteUri.Should().Be("https://contoso.openai.azure.com/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21");
        otherEmbeddings!.AbsoluteUri.Should().Be("https://contoso.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21");
    }

    [Fact]
    public void AnInvalidBaseUrl_IsRefusedEveryTime()
    {
        var cache = new UpstreamUrlCache("2024-10-21");
        var target = Target("not a url");

        for (var i = 0; i < 2; i++)
        {
            cache.TryGet(target, GatewayEndpoint.ChatCompletions, out var uri, out var error).Should().BeFalse();
            uri.Should().BeNull();
            error.Should().Contain("invalid base URL");
        }
    }
}
