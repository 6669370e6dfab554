using System.Text.Json.Serialization;

namespace Switchyard.MockProvider.Wire;

/// <summary><c>{"error": {"message", "type", "param", "code"}}</c>, as OpenAI and Azure OpenAI answer errors.</summary>
internal sealed record OpenAiErrorEnvelope(OpenAiError Error);

internal sealed record OpenAiError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
