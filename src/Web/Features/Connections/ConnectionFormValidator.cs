using System.Globalization;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Validation;
using Switchyard.Web.Features.Configuration;

namespace Switchyard.Web.Features.Connections;

/// <summary>
/// Reads a <see cref="ConnectionForm"/> into <see cref="ConnectionValues"/>. Field names are the ones the form shows
/// messages under: <c>slug</c>, <c>base_url</c>, <c>secret</c>, <c>azure_resource</c>, <c>azure_deployment</c>,
/// <c>azure_api_version</c>, <c>models</c>, <c>input_price</c>, <c>output_price</c>.
/// </summary>
public static class ConnectionFormValidator
{
    public const int MaxSecretLength = 4096;
    public const int MaxModelLength = GroupRules.MaxModelLength;
    public const int MaxModels = 500;

    /// <param name="form">The form as typed.</param>
    /// <param name="secretRequired">True when creating: a new connection of a kind that needs a key must get one.</param>
    public static (ConnectionValues? Values, IReadOnlyList<ValidationError> Errors) Validate(ConnectionForm form, bool secretRequired)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<ValidationError>();

        var slug = form.Slug.Trim();
        if (!Slugs.IsValid(slug))
        {
            errors.Add(new("slug", slug.Length == 0 ? "slug is required" : $"slug must be {Slugs.Rule} (got '{slug}')"));
        }

        if (!Enum.IsDefined(form.Kind))
        {
            errors.Add(new("kind", "choose a provider kind"));
        }

        var azureResource = Optional(form.AzureResource);
        var baseUrl = form.BaseUrl.Trim().TrimEnd('/');
        if (baseUrl.Length == 0 && form.Kind == ProviderKind.AzureOpenAI && azureResource is not null)
        {
            baseUrl = $"https://{azureResource}.openai.azure.com";
        }

        CheckBaseUrl(baseUrl, form.Kind, errors);
        if (azureResource is not null && (azureResource.Length > 200 || !azureResource.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add(new("azure_resource", "azure_resource must be the resource name: letters, digits and '-', at most 200 characters"));
        }

        var deployment = Optional(form.AzureDeployment);
        if (deployment is { Length: > 200 } || deployment?.Contains('/', StringComparison.Ordinal) == true)
        {
            errors.Add(new("azure_deployment", "azure_deployment must be a deployment name without '/', at most 200 characters"));
        }

        var apiVersion = Optional(form.AzureApiVersion);
        if (apiVersion is { Length: > 64 } || apiVersion?.Any(char.IsWhiteSpace) == true)
        {
            errors.Add(new("azure_api_version", "azure_api_version must look like 2024-10-21 (no spaces, at most 64 characters)"));
        }

        var secret = Optional(form.Secret);
        if (secret is null && secretRequired && ProviderDefaults.RequiresSecret(form.Kind))
        {
            errors.Add(new("secret", $"an API key is required for {ProviderDefaults.Label(form.Kind)} connections"));
        }
        else if (secret is { Length: > MaxSecretLength })
        {
            errors.Add(new("secret", $"the API key must be at most {MaxSecretLength} characters"));
        }
        else if (secret?.Any(char.IsWhiteSpace) == true)
        {
            errors.Add(new("secret", "the API key must not contain spaces or line breaks"));
        }

        var models = CheckModels(form.Models, errors);
        var input = Price(form.InputPricePerMillion, "input_price", errors);
        var output = Price(form.OutputPricePerMillion, "output_price", errors);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var values = new ConnectionValues(
            slug,
            form.Kind,
            baseUrl,
            secret,
            form.Kind == ProviderKind.AzureOpenAI ? azureResource : null,
            form.Kind == ProviderKind.AzureOpenAI ? deployment : null,
            form.Kind == ProviderKind.AzureOpenAI ? apiVersion : null,
            models,
            input,
            output);
        return (values, errors);
    }

    private static void CheckBaseUrl(string baseUrl, ProviderKind kind, List<ValidationError> errors)
    {
        if (baseUrl.Length == 0)
        {
            errors.Add(new("base_url", kind == ProviderKind.AzureOpenAI
                ? "base_url is required (or give the Azure resource name)"
                : "base_url is required, e.g. https://api.openai.com/v1"));
            return;
        }

        if (baseUrl.Length > 2048
            || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.UserInfo)
            || !string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add(new("base_url", $"base_url must be an absolute http or https URL without credentials (got '{baseUrl}')"));
        }
    }

    private static List<string> CheckModels(string text, List<ValidationError> errors)
    {
        var models = ListText.Split(text);
        if (models.Count > MaxModels)
        {
            errors.Add(new("models", $"list at most {MaxModels} models"));
            return models;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            if (model.Length > MaxModelLength)
            {
                errors.Add(new("models", $"model names must be at most {MaxModelLength} characters ('{model[..20]}…' is longer)"));
            }
            else if (!seen.Add(model))
            {
                errors.Add(new("models", $"'{model}' is listed twice"));
            }
        }

        return models;
    }

    private static decimal? Price(string text, string field, List<ValidationError> errors)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (!decimal.TryParse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price < 0 || price > 1_000_000)
        {
            errors.Add(new(field, $"{field} must be a price per million tokens between 0 and 1000000, such as 0.15 (got '{trimmed}')"));
            return null;
        }

        return price;
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
