using System.Text.Json;
using Switchyard.MockProvider.Content;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Endpoints;

/// <summary><c>POST /chat/completions</c>, plain and streamed, in OpenAI's format.</summary>
internal static class ChatCompletionsHandler
{
    private const string Fingerprint = "fp_mock";

    public static async Task HandleAsync(MockExchange exchange)
    {
        if (!exchange.Body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest, "'messages' is required and must be an array.", param: "messages");
            return;
        }

        var pieces = ReplyComposer.Compose(exchange.Options.Name, exchange.Model, exchange.Options.Chunks);
        var content = string.Concat(pieces);
        var promptTokens = TokenEstimator.FromCharacters(TokenEstimator.CountCharacters(messages));
        var completionTokens = TokenEstimator.FromCharacters(content.Length);
        var usage = new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
        var id = MockExchange.NewId("chatcmpl-");

        if (!exchange.Stream)
        {
            var completion = new ChatCompletion(
                id, "chat.completion", exchange.Created, exchange.Model, Fingerprint,
                [new ChatChoice(0, new ChatMessage("assistant", content, null), null, "stop")],
                usage);
            await exchange.WriteJsonAsync(completion, MockJsonContext.Wire.ChatCompletion);
            return;
        }

        await StreamAsync(exchange, id, pieces, usage);
    }

    private static async Task StreamAsync(MockExchange exchange, string id, string[] pieces, Usage usage)
    {
        var created = exchange.Created;
        ChatCompletionChunk Chunk(ChunkDelta delta, string? finishReason = null) =>
            new(id, "chat.completion.chunk", created, exchange.Model, Fingerprint, [new ChunkChoice(0, delta, null, finishReason)]);

        var sse = await exchange.StartStreamAsync();
        await sse.WriteAsync(Chunk(new ChunkDelta(Role: "assistant", Content: string.Empty)), MockJsonContext.Wire.ChatCompletionChunk);

        for (var i = 0; i < pieces.Length; i++)
        {
            await exchange.BeforeChunkAsync(i);
            if (exchange.ShouldCut(i))
            {
                await exchange.CutAsync();
                return;
            }

            await sse.WriteAsync(Chunk(new ChunkDelta(Content: pieces[i])), MockJsonContext.Wire.ChatCompletionChunk);
        }

        if (exchange.ShouldCut(pieces.Length))
        {
            await exchange.CutAsync();
            return;
        }

        await sse.WriteAsync(Chunk(new ChunkDelta(), "stop"), MockJsonContext.Wire.ChatCompletionChunk);
        if (RequestFields.IncludeUsage(exchange.Body))
        {
            var usageChunk = new ChatCompletionChunk(id, "chat.completion.chunk", created, exchange.Model, Fingerprint, [], usage);
            await sse.WriteAsync(usageChunk, MockJsonContext.Wire.ChatCompletionChunk);
        }

        await sse.WriteDoneAsync();
    }
}
