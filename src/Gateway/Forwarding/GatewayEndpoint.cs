namespace Switchyard.Gateway.Forwarding;

/// <summary>The OpenAI-format operation a client called, and so the operation sent upstream.</summary>
public enum GatewayEndpoint
{
    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    ChatCompletions = 0,

    /// <summary><c>POST /v1/completions</c>.</summary>
    Completions,

    /// <summary><c>POST /v1/embeddings</c>.</summary>
    Embeddings,

    /// <summary><c>GET /v1/models</c>.</summary>
    Models,
}
