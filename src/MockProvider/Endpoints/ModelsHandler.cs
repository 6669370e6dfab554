using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Endpoints;

/// <summary><c>GET /models</c> and <c>GET /models/{id}</c>: a fixed catalogue, or the one given by <c>models=a,b</c>.</summary>
internal static class ModelsHandler
{
    // A fixed timestamp keeps the listing byte-for-byte stable between runs.
    private const long Created = 1_700_000_000;

    private static readonly string[] _defaultModels =
    [
        "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-3.5-turbo-instruct",
        "text-embedding-3-small", "text-embedding-3-large", "claude-sonnet-4-5", "claude-haiku-4-5",
    ];

    public static Task ListAsync(MockExchange exchange)
    {
        var ids = exchange.Options.Models ?? _defaultModels;
        var list = new ModelList("list", [.. ids.Select(id => Describe(exchange, id))]);
        return exchange.WriteJsonAsync(list, MockJsonContext.Wire.ModelList);
    }

    public static Task GetAsync(MockExchange exchange)
    {
        var id = exchange.Route.ModelId!;
        if (exchange.Options.Models is { } ids && !ids.Contains(id, StringComparer.Ordinal))
        {
            return exchange.WriteErrorAsync(StatusCodes.Status404NotFound, $"The model '{id}' does not exist.", "model_not_found", "model");
        }

        return exchange.WriteJsonAsync(Describe(exchange, id), MockJsonContext.Wire.ModelInfo);
    }

    private static ModelInfo Describe(MockExchange exchange, string id) => new(id, "model", Created, exchange.Options.Name);
}
