namespace Switchyard.Domain.Providers;

/// <summary>How the gateway talks to a connection's provider.</summary>
public enum ProviderKind
{
    /// <summary>api.openai.com or anything that speaks its wire format.</summary>
    OpenAI = 0,

    /// <summary>An OpenAI-compatible base URL (vLLM, Ollama, Groq, Together, DeepSeek, Mistral, the mock provider…).</summary>
    OpenAICompatible = 1,

    /// <summary>Azure OpenAI: deployment URL, api-version query, <c>api-key</c> header.</summary>
    AzureOpenAI = 2,

    /// <summary>Anthropic Messages API, translated from and to the OpenAI chat format.</summary>
    Anthropic = 3,
}
