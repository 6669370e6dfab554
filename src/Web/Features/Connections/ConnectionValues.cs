using Switchyard.Domain.Providers;

namespace Switchyard.Web.Features.Connections;

/// <summary>A connection form read and checked: trimmed text, parsed numbers, the effective base URL.</summary>
public sealed record ConnectionValues(
    string Slug,
    ProviderKind Kind,
    string BaseUrl,
    string? Secret,
    string? AzureResource,
    string? AzureDeployment,
    string? AzureApiVersion,
    IReadOnlyList<string> Models,
    decimal? InputPricePerMillion,
    decimal? OutputPricePerMillion)
{
    /// <summary>Copies everything but the slug and the secret (which have their own rules) onto <paramref name="connection"/>.</summary>
    public void ApplyTo(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Kind = Kind;
        connection.BaseUrl = BaseUrl;
        connection.AzureResource = AzureResource;
        connection.AzureDeployment = AzureDeployment;
        connection.AzureApiVersion = AzureApiVersion;
        connection.Models = [.. Models];
        connection.InputPricePerMillion = InputPricePerMillion;
        connection.OutputPricePerMillion = OutputPricePerMillion;
    }
}
