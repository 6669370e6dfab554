namespace Switchyard.Gateway.Forwarding;

/// <summary>The wire format of an upstream's answer, and so whether it is copied or translated.</summary>
internal enum ResponseDialect
{
    /// <summary>OpenAI's (also Azure's and compatible servers'): copied byte for byte.</summary>
    OpenAI,

    /// <summary>Anthropic Messages: translated to OpenAI chat completions.</summary>
    AnthropicMessages,
}
