using System.Text.Json;

namespace Switchyard.MockProvider.Tests;

/// <summary>One server-sent event as a client sees it.</summary>
public sealed record SseEvent(string? Event, string Data)
{
    public bool IsDone => Data == "[DONE]";

    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
