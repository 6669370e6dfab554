using System.Text.Json;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// Finds OpenAI's <c>"usage": {…}</c> in a slice of a JSON answer without parsing the rest of it: the last
/// <c>"usage"</c> key (not escaped inside a string) whose value is an object that is complete in the slice.
/// </summary>
internal static class UsageReader
{
    private static ReadOnlySpan<byte> Key => "\"usage\""u8;

    public static bool TryFind(ReadOnlySpan<byte> json, out TokenUsage usage)
    {
        usage = default;
        var searchEnd = json.Length;
        while (searchEnd > 0)
        {
            var at = json[..searchEnd].LastIndexOf(Key);
            if (at < 0)
            {
                return false;
            }

            searchEnd = at;
            if (at > 0 && json[at - 1] == (byte)'\\')
            {
                continue; // \"usage\" inside a string value
            }

            var rest = SkipWhitespace(json[(at + Key.Length)..]);
            if (rest.IsEmpty || rest[0] != (byte)':')
            {
                continue;
            }

            rest = SkipWhitespace(rest[1..]);
            if (!rest.IsEmpty && rest[0] == (byte)'{' && TryReadObject(rest, out usage))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> SkipWhitespace(ReadOnlySpan<byte> span)
    {
        var i = 0;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return span[i..];
    }

    /// <summary>Reads the counts at the first level of the object at the start of <paramref name="json"/>.</summary>
    private static bool TryReadObject(ReadOnlySpan<byte> json, out TokenUsage usage)
    {
        usage = default;
        int? prompt = null;
        int? completion = null;
        int? total = null;
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: false, state: default);
            reader.Read(); // {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    usage = new TokenUsage(prompt, completion, total ?? (prompt is null && completion is null ? null : (prompt ?? 0) + (completion ?? 0)));
                    return !usage.IsEmpty;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    return false;
                }

                var field = reader.ValueTextEquals("prompt_tokens"u8) ? 1
                    : reader.ValueTextEquals("completion_tokens"u8) ? 2
                    : reader.ValueTextEquals("total_tokens"u8) ? 3
                    : 0;
                if (!reader.Read())
                {
                    return false;
                }

                if (field > 0 && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
                {
                    switch (field)
                    {
                        case 1:
                            prompt = value;
                            break;
                        case 2:
                            completion = value;
                            break;
                        default:
                            total = value;
                            break;
                    }
                }
                else if (!reader.TrySkip())
                {
                    return false; // the object goes on past the end of the slice
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
