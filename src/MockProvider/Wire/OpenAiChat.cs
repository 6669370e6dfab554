using System.Text.Json.Serialization;

namespace Switchyard.MockProvider.Wire;

// OpenAI chat completion shapes, as the official API sends them (snake_case via MockJsonContext).
// Fields the API sends as explicit nulls are marked Never-ignore, because some clients expect the key present.

internal sealed record ChatCompletion(
    string Id,
    string Object,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<ChatChoice> Choices,
    Usage Usage);

internal sealed record ChatChoice(
    int Index,
    ChatMessage Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Logprobs,
    string FinishReason);

internal sealed record ChatMessage(
    string Role,
    string Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Refusal);

internal sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    string SystemFingerprint,
    IReadOnlyList<ChunkChoice> Choices,
    Usage? Usage = null);

internal sealed record ChunkChoice(
    int Index,
    ChunkDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Logprobs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

internal sealed record ChunkDelta(string? Role = null, string? Content = null);

internal sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens);
