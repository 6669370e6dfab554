using System.Runtime.InteropServices;
using System.Text.Json;
using Switchyard.MockProvider.Content;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Endpoints;

/// <summary>
/// <c>POST /embeddings</c>: one deterministic vector per input (a string, an array of strings, an array of token
/// ids, or an array of token arrays), <c>dimensions</c> honoured, floats or base64 as <c>encoding_format</c> asks.
/// </summary>
internal static class EmbeddingsHandler
{
    public static async Task HandleAsync(MockExchange exchange)
    {
        if (!TryReadInputs(exchange.Body, out var inputs, out var promptTokens))
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest,
                "'input' must be a non-empty string, an array of non-empty strings, an array of token ids or an array of token arrays.",
                param: "input");
            return;
        }

        if (!TryReadDimensions(exchange.Body, out var dimensions))
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest,
                $"'dimensions' must be an integer from 1 to {EmbeddingGenerator.MaxDimensions}.", param: "dimensions");
            return;
        }

        var format = RequestFields.String(exchange.Body, "encoding_format") ?? "float";
        var usage = new EmbeddingUsage(promptTokens, promptTokens);
        switch (format)
        {
            case "float":
                var floats = inputs.Select((text, i) => new EmbeddingItem<float[]>("embedding", i, EmbeddingGenerator.Generate(text, dimensions)));
                await exchange.WriteJsonAsync(
                    new EmbeddingList<float[]>("list", [.. floats], exchange.Model, usage),
                    MockJsonContext.Wire.EmbeddingListSingleArray);
                break;
            case "base64":
                var encoded = inputs.Select((text, i) => new EmbeddingItem<string>("embedding", i, ToBase64(EmbeddingGenerator.Generate(text, dimensions))));
                await exchange.WriteJsonAsync(
                    new EmbeddingList<string>("list", [.. encoded], exchange.Model, usage),
                    MockJsonContext.Wire.EmbeddingListString);
                break;
            default:
                await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest, "'encoding_format' must be 'float' or 'base64'.", param: "encoding_format");
                break;
        }
    }

    // Little-endian float32, as OpenAI encodes it (and as every platform .NET runs on lays floats out).
    private static string ToBase64(float[] vector) => Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()));

    private static bool TryReadInputs(JsonElement body, out List<string> inputs, out int promptTokens)
    {
        inputs = [];
        promptTokens = 0;
        if (!body.TryGetProperty("input", out var input))
        {
            return false;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return TryAddText(input, inputs, ref promptTokens);
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            return false;
        }

        // A flat array of numbers is one tokenized input; otherwise each element is an input of its own.
        if (input[0].ValueKind == JsonValueKind.Number)
        {
            return TryAddTokens(input, inputs, ref promptTokens);
        }

        foreach (var item in input.EnumerateArray())
        {
            var ok = item.ValueKind switch
            {
                JsonValueKind.String => TryAddText(item, inputs, ref promptTokens),
                JsonValueKind.Array => TryAddTokens(item, inputs, ref promptTokens),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryAddText(JsonElement item, List<string> inputs, ref int promptTokens)
    {
        var text = item.GetString()!;
        if (text.Length == 0)
        {
            return false;
        }

        inputs.Add(text);
        promptTokens += TokenEstimator.FromCharacters(text.Length);
        return true;
    }

    private static bool TryAddTokens(JsonElement tokens, List<string> inputs, ref int promptTokens)
    {
        var count = tokens.GetArrayLength();
        if (count == 0 || tokens.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.Number))
        {
            return false;
        }

        inputs.Add(tokens.GetRawText());
        promptTokens += count;
        return true;
    }

    private static bool TryReadDimensions(JsonElement body, out int dimensions)
    {
        dimensions = EmbeddingGenerator.DefaultDimensions;
        if (!body.TryGetProperty("dimensions", out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return field.ValueKind == JsonValueKind.Number
            && field.TryGetInt32(out dimensions)
            && dimensions is >= 1 and <= EmbeddingGenerator.MaxDimensions;
    }
}
