namespace Switchyard.Gateway.Forwarding.Anthropic;

/// <summary>What the translation of the answer needs to know about the request.</summary>
internal readonly record struct AnthropicRequestInfo(bool Stream, bool IncludeUsage);
