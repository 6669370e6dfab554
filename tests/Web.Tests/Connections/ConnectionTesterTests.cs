using Switchyard.Domain.Providers;
using Switchyard.Web.Features.Connections;

namespace Switchyard.Web.Tests.Connections;

public sealed class ConnectionTesterTests
{
    [Theory]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1/models")]
    [InlineData("https://api.openai.com/v1/", "https://api.openai.com/v1/models")]
    [InlineData("http://localhost:11434/v1", "http://localhost:11434/v1/models")]
    public void BuildRequest_OpenAI_ListsModelsWithABearerKey(string baseUrl, string expected)
    {
        using var request = ConnectionTester.BuildRequest(new ConnectionProbe(ProviderKind.OpenAI, baseUrl, "sk-1", null, null));

        request.Method.Should().Be(HttpMethod.Get);
        request.RequestUri!.ToString().Should().Be(expected);
        request.Headers.Authorization!.ToString().Should().Be("Bearer sk-1");
    }

    [Theory]
    [InlineData("https://api.anthropic.com", "https://api.anthropic.com/v1/models")]
    [InlineData("https://api.anthropic.com/v1", "https://api.anthropic.com/v1/models")]
    public void BuildRequest_Anthropic_UsesXApiKeyAndVersion(string baseUrl, string expected)
    {
        using var request = ConnectionTester.BuildRequest(new ConnectionProbe(ProviderKind.Anthropic, baseUrl, "ak-1", null, null));

        request.RequestUri!.ToString().Should().Be(expected);
        request.Headers.GetValues("x-api-key").Should().Equal("ak-1");
        request.Headers.GetValues("anthropic-version").Should().Equal(ProviderDefaults.AnthropicVersion);
        request.Headers.Authorization.Should().BeNull();
    }

    [Fact]
    public void BuildRequest_AzureWithDeployment_MakesAOneTokenCallOnThatDeployment()
    {
        using var request = ConnectionTester.BuildRequest(new ConnectionProbe(ProviderKind.AzureOpenAI, "https://res.openai.azure.com/openai/", "az-1", "gpt4o", "2024-06-01"));

        request.Method.Should().Be(HttpMethod.Post);
        request.RequestUri!.ToString().Should().Be("https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-06-01");
        request.Headers.GetValues("api-key").Should().Equal("az-1");
    }

    [Fact]
    public void BuildRequest_AzureWithoutDeployment_ListsTheResourcesModels()
    {
        using var request = ConnectionTester.BuildRequest(new ConnectionProbe(ProviderKind.AzureOpenAI, "https://res.openai.azure.com", null, null, null));

        request.RequestUri!.ToString().Should().Be($"https://res.openai.azure.com/openai/models?api-version={ProviderDefaults.AzureApiVersion}");
        request.Headers.Contains("api-key").Should().BeFalse();
    }

    [Fact]
    public void Probe_ToString_NeverShowsTheKey()
    {
        new ConnectionProbe(ProviderKind.OpenAI, "https://x", "sk-very-secret", null, null).ToString().Should().NotContain("sk-very-secret");
    }
}
