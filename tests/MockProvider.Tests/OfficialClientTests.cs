using System.ClientModel;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Switchyard.MockProvider.Tests;

/// <summary>The official OpenAI and Anthropic SDKs talk to the mock unchanged: its wire format is the real one.</summary>
public sealed class OfficialClientTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    private OpenAIClientOptions OpenAiOptions(params string[] options) => new() { Endpoint = fixture.Server.OpenAiBaseUrl(options) };

    [Fact]
    public async Task OpenAiSdk_CompleteChat_ReadsContentModelAndUsage()
    {
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-sdk"), OpenAiOptions("name=sdk", "require_key=sk-sdk"));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hello from the SDK")]);

        completion.Model.Should().Be("gpt-4o-mini");
        completion.FinishReason.Should().Be(OpenAI.Chat.ChatFinishReason.Stop);
        completion.Content[0].Text.Should().Contain("sdk");
        completion.Usage.InputTokenCount.Should().Be(5);
        completion.Usage.TotalTokenCount.Should().Be(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAiSdk_StreamingChat_AssemblesTextAndUsage()
    {
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("sk-sdk"), OpenAiOptions("name=sdk-stream", "chunks=6"));
        var text = string.Empty;
        ChatTokenUsage? usage = null;
        var updates = 0;

        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Hi")]))
        {
            updates++;
            text += string.Concat(update.ContentUpdate.Select(part => part.Text));
            usage ??= update.Usage;
        }

        updates.Should().BeGreaterThanOrEqualTo(6);
        text.Should().Contain("sdk-stream").And.Contain("gpt-4o");
        usage.Should().NotBeNull("the SDK asks for include_usage when streaming");
    }

    [Fact]
    public async Task OpenAiSdk_InjectedFailure_SurfacesAsClientResultException()
    {
        var options = OpenAiOptions("fail=503");
        options.RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0);
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("sk-sdk"), options);

        var act = () => client.CompleteChatAsync([new UserChatMessage("Hi")]);

        (await act.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(503);
    }

    [Fact]
    public async Task OpenAiSdk_Embeddings_HonourDimensions()
    {
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential("sk-sdk"), OpenAiOptions());

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("hello", new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = 32 });

        embedding.ToFloats().Length.Should().Be(32);
    }

    [Fact]
    public async Task AnthropicSdk_CreateMessage_ReadsTextAndUsage()
    {
        using var client = new AnthropicClient
        {
            ApiKey = "ant-sdk",
            BaseUrl = fixture.Server.RootUrl("name=claude-sdk", "require_key=ant-sdk").ToString(),
            ResponseValidation = true,
            MaxRetries = 0,
        };

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 64,
            Messages = [new UserMessageParam("Hello, Claude")],
        });

        message.Model.Raw().Should().Be("claude-sonnet-4-5");
        message.Usage.InputTokens.Should().Be(4);
        message.Content.Should().ContainSingle();
        message.Content[0].TryPickText(out var text).Should().BeTrue();
        text!.Text.Should().Contain("claude-sdk");
    }

    [Fact]
    public async Task AnthropicSdk_AsChatClientStreaming_AssemblesText()
    {
        using var client = new AnthropicClient
        {
            ApiKey = "ant-sdk",
            BaseUrl = fixture.Server.RootUrl("name=claude-stream", "chunks=4").ToString(),
            MaxRetries = 0,
        };
        using var chat = client.AsIChatClient("claude-haiku-4-5", defaultMaxOutputTokens: 64);
        var text = string.Empty;

        await foreach (var update in chat.GetStreamingResponseAsync("Hi"))
        {
            text += update.Text;
        }

        text.Should().Contain("claude-stream").And.Contain("claude-haiku-4-5");
    }
}
