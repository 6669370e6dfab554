using Switchyard.Domain.Providers;

namespace Switchyard.Domain.Routing;

/// <summary>
/// What routing needs to know about a connection. Deliberately without the secret: route snapshots are logged,
/// cached and passed around freely; the gateway fetches and decrypts the secret by <see cref="Id"/> when it sends.
/// </summary>
public sealed record ConnectionRoute(
    Guid Id,
    string Slug,
    ProviderKind Kind,
    string BaseUrl,
    string? AzureResource = null,
    string? AzureDeployment = null,
    string? AzureApiVersion = null)
{
    /// <summary>For cost in logs and analytics; null when not configured.</summary>
    public decimal? InputPricePerMillion { get; init; }
    public decimal? OutputPricePerMillion { get; init; }

    public static ConnectionRoute From(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionRoute(
            connection.Id,
            connection.Slug,
            connection.Kind,
            connection.BaseUrl,
            connection.AzureResource,
            connection.AzureDeployment,
            connection.AzureApiVersion)
        {
            InputPricePerMillion = connection.InputPricePerMillion,
            OutputPricePerMillion = connection.OutputPricePerMillion,
        };
    }
}
