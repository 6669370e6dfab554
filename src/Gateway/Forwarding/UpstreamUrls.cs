using System.Diagnostics.CodeAnalysis;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Forwarding;

/// <summary>Where each provider expects each operation.</summary>
internal static class UpstreamUrls
{
    public static bool TryBuild(RouteTarget target, GatewayEndpoint endpoint, string defaultAzureApiVersion, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        var connection = target.Connection;
        string? text;
        switch (connection.Kind)
        {
            case ProviderKind.OpenAI:
            case ProviderKind.OpenAICompatible:
                text = Join(connection.BaseUrl, endpoint switch
                {
                    GatewayEndpoint.ChatCompletions => "chat/completions",
                    GatewayEndpoint.Completions => "completions",
                    GatewayEndpoint.Embeddings => "embeddings",
                    GatewayEndpoint.Models => "models",
                    _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
                });
                break;
            case ProviderKind.AzureOpenAI:
                if (!TryAzure(connection, target.Model, endpoint, defaultAzureApiVersion, out text, out error))
                {
                    uri = null;
                    return false;
                }

                break;
            case ProviderKind.Anthropic:
                if (endpoint != GatewayEndpoint.ChatCompletions)
                {
                    uri = null;
                    error = $"Anthropic connections only serve chat completions; /v1/{EndpointPath(endpoint)} cannot be sent to '{target.QualifiedName}'.";
                    return false;
                }

                // The Messages API lives at /v1/messages; accept a base URL given with or without the /v1.
                var root = TrimPath(connection.BaseUrl);
                text = Join(root, root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? "messages" : "v1/messages");
                break;
            default:
                uri = null;
                error = $"Connection '{connection.Slug}' has an unknown provider kind.";
                return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            uri = null;
            error = $"Connection '{connection.Slug}' has an invalid base URL (an absolute http or https URL is required).";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryAzure(ConnectionRoute connection, string model, GatewayEndpoint endpoint, string defaultApiVersion, out string? text, [NotNullWhen(false)] out string? error)
    {
        text = null;
        string root;
        if (!string.IsNullOrWhiteSpace(connection.BaseUrl))
        {
            root = TrimPath(connection.BaseUrl);
            if (root.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
            {
                root = root[..^"/openai".Length];
            }
        }
        else if (!string.IsNullOrWhiteSpace(connection.AzureResource))
        {
            root = $"https://{connection.AzureResource.Trim()}.openai.azure.com";
        }
        else
        {
            error = $"Azure connection '{connection.Slug}' has neither a base URL nor a resource name.";
            return false;
        }

        var version = Uri.EscapeDataString(string.IsNullOrWhiteSpace(connection.AzureApiVersion) ? defaultApiVersion : connection.AzureApiVersion.Trim());
        if (endpoint == GatewayEndpoint.Models)
        {
            text = $"{root}/openai/models?api-version={version}";
        }
        else
        {
            var deployment = Uri.EscapeDataString(string.IsNullOrWhiteSpace(connection.AzureDeployment) ? model : connection.AzureDeployment.Trim());
            text = $"{root}/openai/deployments/{deployment}/{EndpointPath(endpoint)}?api-version={version}";
        }

        error = null;
        return true;
    }

    private static string EndpointPath(GatewayEndpoint endpoint) => endpoint switch
    {
        GatewayEndpoint.ChatCompletions => "chat/completions",
        GatewayEndpoint.Completions => "completions",
        GatewayEndpoint.Embeddings => "embeddings",
        GatewayEndpoint.Models => "models",
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };

    /// <summary>The base URL without a trailing slash (and without its query, which <see cref="Join"/> keeps).</summary>
    private static string TrimPath(string baseUrl)
    {
        var query = baseUrl.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? baseUrl : baseUrl[..query];
        return path.Trim().TrimEnd('/');
    }

    /// <summary>Joins with exactly one slash, keeping a query string of the base URL at the end.</summary>
    private static string Join(string baseUrl, string relative)
    {
        var query = baseUrl.IndexOf('?', StringComparison.Ordinal);
        var path = (query < 0 ? baseUrl : baseUrl[..query]).Trim().TrimEnd('/');
        var suffix = query < 0 ? string.Empty : baseUrl[query..].Trim();
        return $"{path}/{relative}{suffix}";
    }
}
