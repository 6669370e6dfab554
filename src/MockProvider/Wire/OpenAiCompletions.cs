using System.Text.Json.Serialization;

namespace Switchyard.MockProvider.Wire;

// Legacy text completion shapes; streamed chunks use the same object type as the full answer.

internal sealed record TextCompletion(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<TextChoice> Choices,
    Usage? Usage = null);

internal sealed record TextChoice(
    string Text,
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Logprobs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);
