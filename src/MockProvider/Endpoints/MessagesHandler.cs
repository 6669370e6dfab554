using System.Text.Json;
using Switchyard.MockProvider.Content;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Endpoints;

/// <summary>
/// Anthropic's <c>POST /v1/messages</c>, plain and streamed with Anthropic's event sequence:
/// <c>message_start</c>, <c>content_block_start</c>, <c>ping</c>, <c>content_block_delta</c>…,
/// <c>content_block_stop</c>, <c>message_delta</c>, <c>message_stop</c>.
/// </summary>
internal static class MessagesHandler
{
    private const string StopReason = "end_turn";

    public static async Task HandleAsync(MockExchange exchange)
    {
        var body = exchange.Body;
        if (!body.TryGetProperty("max_tokens", out var maxTokens) || !maxTokens.TryGetInt32(out var max) || max < 1)
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest, "max_tokens: Field required (a positive integer).");
            return;
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest, "messages: Field required (an array).");
            return;
        }

        var pieces = ReplyComposer.Compose(exchange.Options.Name, exchange.Model, exchange.Options.Chunks);
        var text = string.Concat(pieces);
        var systemCharacters = body.TryGetProperty("system", out var system) ? TokenEstimator.CountCharacters(system) : 0;
        var inputTokens = TokenEstimator.FromCharacters(TokenEstimator.CountCharacters(messages) + systemCharacters);
        var outputTokens = TokenEstimator.FromCharacters(text.Length);
        var id = MockExchange.NewId("msg_mock");

        if (!exchange.Stream)
        {
            var message = new AnthropicMessage(
                id, "message", "assistant", [new AnthropicTextBlock("text", text)], exchange.Model,
                StopReason, null, new AnthropicUsage(inputTokens, outputTokens));
            await exchange.WriteJsonAsync(message, MockJsonContext.Wire.AnthropicMessage);
            return;
        }

        var context = MockJsonContext.Wire;
        var sse = await exchange.StartStreamAsync();
        var start = new AnthropicMessage(id, "message", "assistant", [], exchange.Model, null, null, new AnthropicUsage(inputTokens, 1));
        await sse.WriteAsync(new AnthropicMessageStart("message_start", start), context.AnthropicMessageStart, "message_start");
        await sse.WriteAsync(
            new AnthropicContentBlockStart("content_block_start", 0, new AnthropicTextBlock("text", string.Empty)),
            context.AnthropicContentBlockStart,
            "content_block_start");
        await sse.WriteAsync(new AnthropicBareEvent("ping"), context.AnthropicBareEvent, "ping");

        for (var i = 0; i < pieces.Length; i++)
        {
            await exchange.BeforeChunkAsync(i);
            if (exchange.ShouldCut(i))
            {
                await exchange.CutAsync();
                return;
            }

            var delta = new AnthropicContentBlockDelta("content_block_delta", 0, new AnthropicTextDelta("text_delta", pieces[i]));
            await sse.WriteAsync(delta, context.AnthropicContentBlockDelta, "content_block_delta");
        }

        if (exchange.ShouldCut(pieces.Length))
        {
            await exchange.CutAsync();
            return;
        }

        await sse.WriteAsync(new AnthropicContentBlockStop("content_block_stop", 0), context.AnthropicContentBlockStop, "content_block_stop");
        await sse.WriteAsync(
            new AnthropicMessageDelta("message_delta", new AnthropicStopDelta(StopReason, null), new AnthropicDeltaUsage(outputTokens)),
            context.AnthropicMessageDelta,
            "message_delta");
        await sse.WriteAsync(new AnthropicBareEvent("message_stop"), context.AnthropicBareEvent, "message_stop");
    }
}
