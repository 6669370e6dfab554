using Switchyard.Domain.Providers;

namespace Switchyard.Web.Features.Connections;

/// <summary>A connection as the dashboard shows it: everything but the secret, of which only the last four characters remain.</summary>
public sealed record ConnectionSummary(
    Guid Id,
    string Slug,
    ProviderKind Kind,
    string BaseUrl,
    string? SecretLast4,
    string? AzureResource,
    string? AzureDeployment,
    string? AzureApiVersion,
    IReadOnlyList<string> Models,
    decimal? InputPricePerMillion,
    decimal? OutputPricePerMillion,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> UsedByGroups)
{
    public bool HasSecret => SecretLast4 is not null;

    /// <summary><c>…abcd</c>, or a dash when no secret is stored.</summary>
    public string MaskedSecret => SecretLast4 is null ? "—" : "…" + SecretLast4;

    public static ConnectionSummary From(Connection connection, IReadOnlyList<string> usedByGroups)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionSummary(
            connection.Id,
            connection.Slug,
            connection.Kind,
            connection.BaseUrl,
            connection.SecretLast4,
            connection.AzureResource,
            connection.AzureDeployment,
            connection.AzureApiVersion,
            [.. connection.Models],
            connection.InputPricePerMillion,
            connection.OutputPricePerMillion,
            connection.UpdatedAt,
            usedByGroups);
    }
}
