namespace Switchyard.Gateway.Forwarding;

/// <summary>Token counts in OpenAI's terms; a count the upstream did not report is null.</summary>
public readonly record struct TokenUsage(int? PromptTokens, int? CompletionTokens, int? TotalTokens)
{
    public bool IsEmpty => PromptTokens is null && CompletionTokens is null && TotalTokens is null;
}
