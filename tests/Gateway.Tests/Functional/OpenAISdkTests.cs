// JsonPatch is marked "for evaluation" (SCME0001) in OpenAI 2.x; it is still how the SDK sends extra body fields.
#pragma warning disable SCME0001
using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace Switchyard.Gateway.Tests.Functional;

/// <summary>The official OpenAI .NET SDK, unchanged, with the gateway's fields passed as extra body (JSON patch).</summary>
[Collection(SharedGateway.Name)]
public sealed class OpenAISdkTests(GatewayFixture gateway)
{
    private OpenAIClient Client(string? key = null) =>
        new(new ApiKeyCredential(key ?? gateway.Key), new OpenAIClientOptions { Endpoint = new Uri(gateway.GatewayUri, "/v1") });

    /// <summary>
    /// The .NET SDK insists on a model name, and a model in the body beats any group (precedence rule 1), so the
    /// patch blanks it: an empty model counts as absent, as it does for Python's <c>model=""</c>.
    /// </summary>
    private ChatCompletionOptions GroupOptions()
    {
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.model"u8, BinaryData.FromString("\"\""));
        options.Patch.Set("$.load_balance_group"u8, BinaryData.FromString($"{{\"group_id\":\"{gateway.SplitGroupId}\"}}"));
        return options;
    }

    [Fact]
    public async Task ChatCompletion_ThroughAGroup_ReturnsTheAnswerAndUsage()
    {
        var chat = Client().GetChatClient("group:" + gateway.SplitGroupId);

        ClientResult<ChatCompletion> result = await chat.CompleteChatAsync([new UserChatMessage("Hello gateway")]);

        result.Value.Content[0].Text.Should().NotBeNullOrWhiteSpace();
        result.Value.Model.Should().Be("gpt-4o-mini");
        result.Value.Usage.TotalTokenCount.Should().BeGreaterThan(0);
        result.GetRawResponse().Headers.TryGetValue("x-switchyard-target", out var target).Should().BeTrue();
        target.Should().BeOneOf("alpha/gpt-4o-mini", "beta/gpt-4o-mini");
    }

    [Fact]
    public async Task ChatCompletion_WithLoadBalanceGroupAsExtraBody_OverridesNothingButRoutes()
    {
        // An SDK insists on a model name; an empty one means "absent", so the group in the extra body decides.
        var chat = Client().GetChatClient("placeholder");

        var result = await chat.CompleteChatAsync([new UserChatMessage("Hello")], GroupOptions());

        result.GetRawResponse().Headers.TryGetValue("x-switchyard-group", out var group).Should().BeTrue();
        group.Should().StartWith(gateway.SplitGroupId);
    }

    [Fact]
    public async Task StreamingChat_ArrivesAsSeveralChunks_WithUsageAtTheEnd()
    {
        var chat = Client().GetChatClient("placeholder");
        var options = GroupOptions();
        options.Patch.Set("$.stream_options"u8, BinaryData.FromString("{\"include_usage\":true}"));

        var text = new StringBuilder();
        var updates = 0;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream please")], options))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        updates.Should().BeGreaterThan(2);
        text.ToString().Should().NotBeNullOrWhiteSpace();
        usage.Should().NotBeNull();
        usage!.OutputTokenCount.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Embeddings_ThroughTheGateway()
    {
        var embeddings = Client().GetEmbeddingClient("alpha/text-embedding-3-small");

        var result = await embeddings.GenerateEmbeddingAsync("hello");

        result.Value.ToFloats().Length.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task WrongKey_SurfacesAsAnSdkError_With401()
    {
        var chat = Client("sk-swy-wrong").GetChatClient("alpha/gpt-4o-mini");

        var act = () => chat.CompleteChatAsync([new UserChatMessage("x")]);

        (await act.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(401);
    }
}
