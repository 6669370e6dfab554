namespace Switchyard.Gateway.Forwarding.Anthropic;

internal static class AnthropicStopReasons
{
    /// <summary>Anthropic <c>stop_reason</c> → OpenAI <c>finish_reason</c>.</summary>
    public static string? ToFinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" or "pause_turn" => "stop",
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };
}
