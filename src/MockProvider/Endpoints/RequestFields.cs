using System.Text.Json;

namespace Switchyard.MockProvider.Endpoints;

/// <summary>Small, tolerant readers for request body fields.</summary>
internal static class RequestFields
{
    public static string? String(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>False when the field is present but not a boolean; absent or null reads as false.</summary>
    public static bool TryBool(JsonElement body, string name, out bool value)
    {
        value = false;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (field.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = field.GetBoolean();
            return true;
        }

        return false;
    }

    /// <summary><c>stream_options.include_usage</c>: OpenAI's request for a final usage chunk.</summary>
    public static bool IncludeUsage(JsonElement body) =>
        body.TryGetProperty("stream_options", out var options)
        && options.ValueKind == JsonValueKind.Object
        && options.TryGetProperty("include_usage", out var include)
        && include.ValueKind == JsonValueKind.True;
}
