using System.Text.Json.Serialization;

namespace Switchyard.MockProvider.Wire;

// Anthropic Messages API shapes: the full message and the server-sent events of a stream.

internal sealed record AnthropicMessage(
    string Id,
    string Type,
    string Role,
    IReadOnlyList<AnthropicTextBlock> Content,
    string Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StopReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StopSequence,
    AnthropicUsage Usage);

internal sealed record AnthropicTextBlock(string Type, string Text);

internal sealed record AnthropicUsage(int InputTokens, int OutputTokens);

internal sealed record AnthropicMessageStart(string Type, AnthropicMessage Message);

internal sealed record AnthropicContentBlockStart(string Type, int Index, AnthropicTextBlock ContentBlock);

internal sealed record AnthropicContentBlockDelta(string Type, int Index, AnthropicTextDelta Delta);

internal sealed record AnthropicTextDelta(string Type, string Text);

internal sealed record AnthropicContentBlockStop(string Type, int Index);

internal sealed record AnthropicMessageDelta(string Type, AnthropicStopDelta Delta, AnthropicDeltaUsage Usage);

internal sealed record AnthropicStopDelta(
    string StopReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StopSequence);

internal sealed record AnthropicDeltaUsage(int OutputTokens);

/// <summary>Events that carry nothing but their type: <c>ping</c>, <c>message_stop</c>.</summary>
internal sealed record AnthropicBareEvent(string Type);

/// <summary><c>{"type": "error", "error": {"type", "message"}}</c>, Anthropic's error body (also sent as a stream event).</summary>
internal sealed record AnthropicErrorEnvelope(string Type, AnthropicError Error);

internal sealed record AnthropicError(string Type, string Message);
