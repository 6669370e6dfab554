namespace Switchyard.Domain.Providers;

/// <summary>The wire names of <see cref="ProviderKind"/> used in the API, the database and the dashboard.</summary>
public static class ProviderKindNames
{
    public const string OpenAI = "openai";
    public const string OpenAICompatible = "openai_compatible";
    public const string AzureOpenAI = "azure_openai";
    public const string Anthropic = "anthropic";

    public static string ToName(this ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => OpenAI,
        ProviderKind.OpenAICompatible => OpenAICompatible,
        ProviderKind.AzureOpenAI => AzureOpenAI,
        ProviderKind.Anthropic => Anthropic,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? name, out ProviderKind kind)
    {
        switch (name)
        {
            case OpenAI: kind = ProviderKind.OpenAI; return true;
            case OpenAICompatible: kind = ProviderKind.OpenAICompatible; return true;
            case AzureOpenAI: kind = ProviderKind.AzureOpenAI; return true;
            case Anthropic: kind = ProviderKind.Anthropic; return true;
            default: kind = default; return false;
        }
    }
}
