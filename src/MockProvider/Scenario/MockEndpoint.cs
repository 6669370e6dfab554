namespace Switchyard.MockProvider.Scenario;

/// <summary>The provider operation a request asks for.</summary>
public enum MockEndpoint
{
    ChatCompletions,
    Completions,
    Embeddings,
    ListModels,
    GetModel,
    Messages,
}
