using Switchyard.Domain.Providers;

namespace Switchyard.Web.Features.Connections;

/// <summary>What the audit log keeps of a connection: no ciphertext, no key ID, only the last four characters of the secret.</summary>
public sealed record ConnectionSnapshot(
    string Slug,
    string Kind,
    string BaseUrl,
    string? AzureResource,
    string? AzureDeployment,
    string? AzureApiVersion,
    IReadOnlyList<string> Models,
    decimal? InputPricePerMillion,
    decimal? OutputPricePerMillion,
    string? SecretLast4)
{
    public static ConnectionSnapshot Of(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionSnapshot(
            connection.Slug,
            connection.Kind.ToName(),
            connection.BaseUrl,
            connection.AzureResource,
            connection.AzureDeployment,
            connection.AzureApiVersion,
            [.. connection.Models],
            connection.InputPricePerMillion,
            connection.OutputPricePerMillion,
            connection.SecretLast4);
    }
}
