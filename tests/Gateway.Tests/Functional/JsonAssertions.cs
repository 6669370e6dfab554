using System.Text.Json;

namespace Switchyard.Gateway.Tests.Functional;

internal static class JsonAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<(string Code, string Type, string Message, string? Param)> ReadErrorAsync(this HttpResponseMessage response)
    {
        var json = await response.ReadJsonAsync();
        var error = json.GetProperty("error");
        var param = error.GetProperty("param");
        return (error.GetProperty("code").GetString()!, error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!,
            param.ValueKind == JsonValueKind.Null ? null : param.GetString());
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;
}
