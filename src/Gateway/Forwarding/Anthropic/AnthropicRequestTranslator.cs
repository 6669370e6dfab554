using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Switchyard.Gateway.Forwarding.Anthropic;

/// <summary>
/// OpenAI chat completion request → Anthropic Messages request. System (and developer) messages become
/// <c>system</c>; user and assistant messages keep their order with string content or text and image parts;
/// <c>max_tokens</c> (or <c>max_completion_tokens</c>) defaults because Anthropic requires it; <c>stop</c>
/// becomes <c>stop_sequences</c>; <c>user</c> becomes <c>metadata.user_id</c>. What has no faithful translation
/// (tools, <c>n</c> &gt; 1, audio) is rejected with a message rather than silently dropped.
/// </summary>
internal static class AnthropicRequestTranslator
{
    public static bool TryTranslate(
        ReadOnlyMemory<byte> openAiBody,
        string model,
        int defaultMaxTokens,
        IBufferWriter<byte> output,
        out AnthropicRequestInfo info,
        [NotNullWhen(false)] out string? error)
    {
        info = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(openAiBody, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            error = "The request body is not valid JSON.";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The request body must be a JSON object.";
                return false;
            }

            if (FindUnsupported(root) is { } unsupported)
            {
                error = unsupported;
                return false;
            }

            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                error = "'messages' is required and must be an array.";
                return false;
            }

            var stream = root.TryGetProperty("stream", out var streamValue) && streamValue.ValueKind == JsonValueKind.True;
            var includeUsage = stream
                && root.TryGetProperty("stream_options", out var options)
                && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out var include)
                && include.ValueKind == JsonValueKind.True;

            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteNumber("max_tokens"u8, MaxTokens(root, defaultMaxTokens));

            if (!TryWriteSystem(writer, messages, out error) || !TryWriteMessages(writer, messages, out error))
            {
                return false;
            }

            CopyNumber(writer, root, "temperature", "temperature"u8);
            CopyNumber(writer, root, "top_p", "top_p"u8);
            CopyNumber(writer, root, "top_k", "top_k"u8);
            WriteStopSequences(writer, root);

            if (root.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject("metadata"u8);
                writer.WriteString("user_id"u8, user.GetString());
                writer.WriteEndObject();
            }

            if (stream)
            {
                writer.WriteBoolean("stream"u8, true);
            }

            writer.WriteEndObject();
            writer.Flush();
            info = new AnthropicRequestInfo(stream, includeUsage);
            error = null;
            return true;
        }
    }

    private static string? FindUnsupported(JsonElement root)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            return "Tool calling ('tools') is not supported for Anthropic connections by this gateway yet; use an OpenAI-compatible target.";
        }

        if (root.TryGetProperty("functions", out var functions) && functions.ValueKind == JsonValueKind.Array && functions.GetArrayLength() > 0)
        {
            return "Function calling ('functions') is not supported for Anthropic connections.";
        }

        if (root.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number && (!n.TryGetInt32(out var count) || count > 1))
        {
            return "'n' greater than 1 is not supported for Anthropic connections.";
        }

        return null;
    }

    private static int MaxTokens(JsonElement root, int defaultMaxTokens)
    {
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens"])
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0)
            {
                return tokens;
            }
        }

        return defaultMaxTokens;
    }

    private static bool TryWriteSystem(Utf8JsonWriter writer, JsonElement messages, [NotNullWhen(false)] out string? error)
    {
        StringBuilder? system = null;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (Role(message) is "system" or "developer")
            {
                if (!TryAppendText(message, system ??= new StringBuilder(), index, out error))
                {
                    return false;
                }
            }

            index++;
        }

        if (system is not null)
        {
            writer.WriteString("system"u8, system.ToString());
        }

        error = null;
        return true;
    }

    private static bool TryAppendText(JsonElement message, StringBuilder text, int index, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            Separate(text).Append(content.GetString());
            return true;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            error = $"'messages[{index}].content' must be a string or an array of text parts.";
            return false;
        }

        foreach (var part in content.EnumerateArray())
        {
            if (PartType(part) != "text" || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
            {
                error = $"'messages[{index}].content' of a system message may only hold text parts for Anthropic connections.";
                return false;
            }

            Separate(text).Append(partText.GetString());
        }

        return true;
    }

    private static StringBuilder Separate(StringBuilder text) => text.Length > 0 ? text.Append("\n\n") : text;

    private static bool TryWriteMessages(Utf8JsonWriter writer, JsonElement messages, [NotNullWhen(false)] out string? error)
    {
        writer.WriteStartArray("messages"u8);
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = Role(message);
            switch (role)
            {
                case "system" or "developer":
                    break;
                case "user" or "assistant":
                    if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
                    {
                        error = $"'messages[{index}].tool_calls': tool calling is not supported for Anthropic connections by this gateway yet.";
                        return false;
                    }

                    if (!TryWriteMessage(writer, message, role, index, out error))
                    {
                        return false;
                    }

                    break;
                case null:
                    error = $"'messages[{index}].role' is required and must be a string.";
                    return false;
                default:
                    error = $"'messages[{index}].role' '{role}' cannot be sent to an Anthropic connection (supported: system, developer, user, assistant).";
                    return false;
            }

            index++;
        }

        writer.WriteEndArray();
        error = null;
        return true;
    }

    private static bool TryWriteMessage(Utf8JsonWriter writer, JsonElement message, string role, int index, [NotNullWhen(false)] out string? error)
    {
        error = null;
        message.TryGetProperty("content", out var content);
        if (content.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            if (role == "assistant")
            {
                return true; // an assistant turn that only carried a refusal or nothing: Anthropic rejects empty content
            }

            error = $"'messages[{index}].content' is required.";
            return false;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("content"u8, content.GetString());
            writer.WriteEndObject();
            return true;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            error = $"'messages[{index}].content' must be a string or an array of content parts.";
            return false;
        }

        writer.WriteStartArray("content"u8);
        var partIndex = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (!TryWritePart(writer, part, $"messages[{index}].content[{partIndex}]", out error))
            {
                return false;
            }

            partIndex++;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return true;
    }

    private static bool TryWritePart(Utf8JsonWriter writer, JsonElement part, string param, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (PartType(part))
        {
            case "text" when part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text");
                writer.WriteString("text"u8, text.GetString());
                writer.WriteEndObject();
                return true;
            case "image_url" when ImageUrl(part) is { } url:
                WriteImage(writer, url);
                return true;
            default:
                error = $"'{param}' is not supported for Anthropic connections (supported: text and image_url parts).";
                return false;
        }
    }

    private static string? ImageUrl(JsonElement part)
    {
        if (!part.TryGetProperty("image_url", out var image))
        {
            return null;
        }

        if (image.ValueKind == JsonValueKind.String)
        {
            return image.GetString();
        }

        return image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
            ? url.GetString()
            : null;
    }

    private static void WriteImage(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image");
        writer.WriteStartObject("source"u8);

        // data:image/png;base64,AAAA → a base64 source; anything else is fetched by Anthropic from its URL.
        const string dataPrefix = "data:";
        const string base64Marker = ";base64,";
        var marker = url.IndexOf(base64Marker, StringComparison.Ordinal);
        if (url.StartsWith(dataPrefix, StringComparison.OrdinalIgnoreCase) && marker > dataPrefix.Length)
        {
            writer.WriteString("type"u8, "base64");
            writer.WriteString("media_type"u8, url[dataPrefix.Length..marker]);
            writer.WriteString("data"u8, url[(marker + base64Marker.Length)..]);
        }
        else
        {
            writer.WriteString("type"u8, "url");
            writer.WriteString("url"u8, url);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void CopyNumber(Utf8JsonWriter writer, JsonElement root, string name, ReadOnlySpan<byte> target)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            writer.WritePropertyName(target);
            value.WriteTo(writer);
        }
    }

    private static void WriteStopSequences(Utf8JsonWriter writer, JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop))
        {
            return;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartArray("stop_sequences"u8);
            writer.WriteStringValue(stop.GetString());
            writer.WriteEndArray();
        }
        else if (stop.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (var item in stop.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    writer.WriteStringValue(item.GetString());
                }
            }

            writer.WriteEndArray();
        }
    }

    private static string? Role(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
            ? role.GetString()
            : null;

    private static string? PartType(JsonElement part) =>
        part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;
}
