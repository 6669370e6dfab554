using Switchyard.Domain.Providers;

namespace Switchyard.Web.Features.Connections;

/// <summary>What the connection form suggests for each provider kind, and how it labels them.</summary>
public static class ProviderDefaults
{
    public const string AzureApiVersion = "2024-10-21";
    public const string AnthropicVersion = "2023-06-01";

    public static IReadOnlyList<ProviderKind> Kinds { get; } =
        [ProviderKind.OpenAI, ProviderKind.OpenAICompatible, ProviderKind.AzureOpenAI, ProviderKind.Anthropic];

    public static string Label(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "OpenAI",
        ProviderKind.OpenAICompatible => "OpenAI-compatible (vLLM, Ollama, Groq, …)",
        ProviderKind.AzureOpenAI => "Azure OpenAI",
        ProviderKind.Anthropic => "Anthropic",
        _ => kind.ToString(),
    };

    /// <summary>The base URL the form pre-fills, or empty where only the user can know it.</summary>
    public static string BaseUrl(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "https://api.openai.com/v1",
        ProviderKind.Anthropic => "https://api.anthropic.com",
        _ => string.Empty,
    };

    /// <summary>Whether a connection of this kind needs an API key (self-hosted OpenAI-compatible servers often do not).</summary>
    public static bool RequiresSecret(ProviderKind kind) => kind != ProviderKind.OpenAICompatible;
}
