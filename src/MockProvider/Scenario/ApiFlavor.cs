namespace Switchyard.MockProvider.Scenario;

/// <summary>Which provider's dialect a request speaks: decides credentials, required headers and the error shape.</summary>
public enum ApiFlavor
{
    OpenAi,
    AzureOpenAi,
    Anthropic,
}
