using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Gateway.Forwarding.Anthropic;

/// <summary>A complete Anthropic message (or error) → an OpenAI <c>chat.completion</c> (or OpenAI error body).</summary>
internal static class AnthropicResponseTranslator
{
    /// <summary>Writes the chat completion; false when the answer is not an Anthropic message.</summary>
    public static bool TryTranslateMessage(ReadOnlySpan<byte> anthropic, long created, IBufferWriter<byte> output, out TokenUsage usage)
    {
        usage = default;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(anthropic, new JsonReaderOptions { MaxDepth = 256 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var text = new StringBuilder();
            foreach (var block in content.EnumerateArray())
            {
                if (String(block, "type") == "text" && String(block, "text") is { } piece)
                {
                    text.Append(piece);
                }
            }

            usage = root.TryGetProperty("usage", out var usageElement) ? ReadUsage(usageElement, default) : default;

            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartObject();
            writer.WriteString("id"u8, String(root, "id") ?? "msg");
            writer.WriteString("object"u8, "chat.completion");
            writer.WriteNumber("created"u8, created);
            writer.WriteString("model"u8, String(root, "model") ?? string.Empty);
            writer.WriteStartArray("choices"u8);
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, 0);
            writer.WriteStartObject("message"u8);
            writer.WriteString("role"u8, "assistant");
            writer.WriteString("content"u8, text.ToString());
            writer.WriteNull("refusal"u8);
            writer.WriteEndObject();
            writer.WriteNull("logprobs"u8);
            WriteNullableString(writer, "finish_reason"u8, AnthropicStopReasons.ToFinishReason(String(root, "stop_reason")));
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (usage.PromptTokens is not null || usage.CompletionTokens is not null)
            {
                WriteUsage(writer, usage);
            }

            writer.WriteEndObject();
            return true;
        }
    }

    /// <summary>Anthropic's <c>{"type":"error","error":{"type","message"}}</c> → OpenAI's error body; false when it is not one.</summary>
    public static bool TryTranslateError(ReadOnlySpan<byte> anthropic, IBufferWriter<byte> output)
    {
        try
        {
            var reader = new Utf8JsonReader(anthropic);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartObject();
            writer.WriteStartObject("error"u8);
            writer.WriteString("message"u8, String(error, "message") ?? "The upstream provider returned an error.");
            writer.WriteString("type"u8, String(error, "type") ?? "upstream_error");
            writer.WriteNull("param"u8);
            writer.WriteNull("code"u8);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Anthropic usage → OpenAI's. Prompt tokens include cache reads and writes, as OpenAI's prompt_tokens include
    /// cached tokens. Fields missing here keep the values of <paramref name="previous"/> (stream events carry parts).
    /// </summary>
    internal static TokenUsage ReadUsage(JsonElement usage, TokenUsage previous)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return previous;
        }

        int? input = null;
        foreach (var name in (ReadOnlySpan<string>)["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"])
        {
            if (usage.TryGetProperty(name, out var value) && value.TryGetInt32(out var tokens))
            {
                input = (input ?? 0) + tokens;
            }
        }

        var prompt = input ?? previous.PromptTokens;
        var completion = usage.TryGetProperty("output_tokens", out var output) && output.TryGetInt32(out var outputTokens)
            ? outputTokens
            : previous.CompletionTokens;
        return new TokenUsage(prompt, completion, prompt is null && completion is null ? null : (prompt ?? 0) + (completion ?? 0));
    }

    internal static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens ?? 0);
        writer.WriteNumber("completion_tokens"u8, usage.CompletionTokens ?? 0);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens ?? 0);
        writer.WriteEndObject();
    }

    internal static void WriteNullableString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    internal static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
