using System.Text.Json;
using Switchyard.MockProvider.Content;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Endpoints;

/// <summary><c>POST /completions</c> (legacy text completions), plain and streamed.</summary>
internal static class CompletionsHandler
{
    public static async Task HandleAsync(MockExchange exchange)
    {
        if (!exchange.Body.TryGetProperty("prompt", out var prompt)
            || prompt.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest, "'prompt' is required and must be a string or an array.", param: "prompt");
            return;
        }

        var pieces = ReplyComposer.Compose(exchange.Options.Name, exchange.Model, exchange.Options.Chunks);
        var text = string.Concat(pieces);
        var promptTokens = TokenEstimator.FromCharacters(TokenEstimator.CountCharacters(prompt));
        var completionTokens = TokenEstimator.FromCharacters(text.Length);
        var usage = new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
        var id = MockExchange.NewId("cmpl-");
        var created = exchange.Created;

        TextCompletion Completion(string piece, string? finishReason, Usage? withUsage = null) =>
            new(id, "text_completion", created, exchange.Model, [new TextChoice(piece, 0, null, finishReason)], withUsage);

        if (!exchange.Stream)
        {
            await exchange.WriteJsonAsync(Completion(text, "stop", usage), MockJsonContext.Wire.TextCompletion);
            return;
        }

        var sse = await exchange.StartStreamAsync();
        for (var i = 0; i < pieces.Length; i++)
        {
            await exchange.BeforeChunkAsync(i);
            if (exchange.ShouldCut(i))
            {
                await exchange.CutAsync();
                return;
            }

            await sse.WriteAsync(Completion(pieces[i], null), MockJsonContext.Wire.TextCompletion);
        }

        if (exchange.ShouldCut(pieces.Length))
        {
            await exchange.CutAsync();
            return;
        }

        await sse.WriteAsync(Completion(string.Empty, "stop"), MockJsonContext.Wire.TextCompletion);
        if (RequestFields.IncludeUsage(exchange.Body))
        {
            var usageChunk = new TextCompletion(id, "text_completion", created, exchange.Model, [], usage);
            await sse.WriteAsync(usageChunk, MockJsonContext.Wire.TextCompletion);
        }

        await sse.WriteDoneAsync();
    }
}
