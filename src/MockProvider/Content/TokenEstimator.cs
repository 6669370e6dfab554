using System.Text.Json;

namespace Switchyard.MockProvider.Content;

/// <summary>
/// Deterministic token counts: about one token per four characters, as OpenAI's rule of thumb says. Good enough
/// for gateways that count usage, and stable, so tests can predict the numbers.
/// </summary>
public static class TokenEstimator
{
    public static int FromCharacters(int characters) => Math.Max(1, (characters + 3) / 4);

    /// <summary>
    /// Characters of text in a message <c>content</c> or a prompt: a string, or an array of strings, of content
    /// parts with a <c>text</c> field, or of messages with a <c>content</c> field.
    /// </summary>
    public static int CountCharacters(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Length;
            case JsonValueKind.Array:
                var total = 0;
                foreach (var item in element.EnumerateArray())
                {
                    total += CountCharacters(item);
                }

                return total;
            case JsonValueKind.Object:
                if (element.TryGetProperty("text", out var text))
                {
                    return CountCharacters(text);
                }

                return element.TryGetProperty("content", out var content) ? CountCharacters(content) : 0;
            case JsonValueKind.Undefined:
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Null:
            default:
                return 0;
        }
    }
}
