namespace Switchyard.MockProvider.Scenario;

/// <summary>
/// Parses <c>[/x/{option}/{option}/…]/v1/{operation}</c> and <c>[/x/…]/openai/deployments/{deployment}/{operation}</c>.
/// Options are the <c>key=value</c> segments right after <c>x</c>; the first segment without <c>=</c> starts the
/// provider path proper.
/// </summary>
internal static class MockRouteParser
{
    private const string OptionsMarker = "x";

    public static bool TryParse(string method, string path, out MockRoute route, out MockRouteError? error)
    {
        route = null!;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        var hasOptions = segments.Length > 0 && segments[0] == OptionsMarker;
        var start = hasOptions ? 1 : 0;
        while (hasOptions && start < segments.Length && segments[start].Contains('=', StringComparison.Ordinal))
        {
            start++;
        }

        var optionSegments = hasOptions ? segments[1..start] : [];
        var rest = segments[start..];

        if (!TryMatchEndpoint(rest, out var flavor, out var endpoint, out var deployment, out var modelId))
        {
            error = new MockRouteError(flavor, StatusCodes.Status404NotFound,
                $"Unknown mock endpoint '{method} {path}'. See docs/mock-provider.md for the URL scheme.", "unknown_url");
            return false;
        }

        if (!MockOptionsParser.TryParse(optionSegments, out var options, out var optionsError))
        {
            error = new MockRouteError(flavor, StatusCodes.Status400BadRequest, optionsError, "invalid_mock_option");
            return false;
        }

        route = new MockRoute(flavor, endpoint, string.Join('/', optionSegments), options, deployment, modelId);

        var expectedMethod = route.IsPost ? HttpMethods.Post : HttpMethods.Get;
        if (!string.Equals(method, expectedMethod, StringComparison.OrdinalIgnoreCase))
        {
            error = new MockRouteError(flavor, StatusCodes.Status405MethodNotAllowed,
                $"Method {method} is not allowed on '{path}'; use {expectedMethod}.", "method_not_allowed");
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryMatchEndpoint(
        string[] rest,
        out ApiFlavor flavor,
        out MockEndpoint endpoint,
        out string? deployment,
        out string? modelId)
    {
        deployment = null;
        modelId = null;
        flavor = ApiFlavor.OpenAi;
        endpoint = default;

        switch (rest)
        {
            case ["v1", "chat", "completions"]:
                endpoint = MockEndpoint.ChatCompletions;
                return true;
            case ["v1", "completions"]:
                endpoint = MockEndpoint.Completions;
                return true;
            case ["v1", "embeddings"]:
                endpoint = MockEndpoint.Embeddings;
                return true;
            case ["v1", "models"]:
                endpoint = MockEndpoint.ListModels;
                return true;
            case ["v1", "models", .. var idParts] when idParts.Length > 0:
                // Model ids may contain slashes (e.g. "org/model"), as with Hugging Face style names.
                endpoint = MockEndpoint.GetModel;
                modelId = string.Join('/', idParts);
                return true;
            case ["v1", "messages"]:
                flavor = ApiFlavor.Anthropic;
                endpoint = MockEndpoint.Messages;
                return true;
            case ["openai", "deployments", var name, .. var operation]:
                flavor = ApiFlavor.AzureOpenAi;
                deployment = name;
                return TryMatchAzureOperation(operation, out endpoint);
            default:
                return false;
        }
    }

    private static bool TryMatchAzureOperation(string[] operation, out MockEndpoint endpoint)
    {
        switch (operation)
        {
            case ["chat", "completions"]:
                endpoint = MockEndpoint.ChatCompletions;
                return true;
            case ["completions"]:
                endpoint = MockEndpoint.Completions;
                return true;
            case ["embeddings"]:
                endpoint = MockEndpoint.Embeddings;
                return true;
            default:
                endpoint = default;
                return false;
        }
    }
}
