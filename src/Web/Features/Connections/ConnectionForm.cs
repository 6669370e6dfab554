using Switchyard.Domain.Providers;
using Switchyard.Web.Features.Configuration;

namespace Switchyard.Web.Features.Connections;

/// <summary>
/// What the connection form edits. Text fields stay text until <see cref="ConnectionFormValidator"/> reads them, so a
/// half-typed price is a message next to the field, not a binding failure. <see cref="Secret"/> travels only from the
/// browser to the server: nothing ever fills it from storage.
/// </summary>
public sealed class ConnectionForm
{
    public string Slug { get; set; } = string.Empty;
    public ProviderKind Kind { get; set; } = ProviderKind.OpenAICompatible;
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>The provider API key as typed; only read when creating or testing, and cleared after use.</summary>
    public string Secret { get; set; } = string.Empty;
    public string AzureResource { get; set; } = string.Empty;
    public string AzureDeployment { get; set; } = string.Empty;
    public string AzureApiVersion { get; set; } = string.Empty;

    /// <summary>Model names, comma-separated or one per line.</summary>
    public string Models { get; set; } = string.Empty;
    public string InputPricePerMillion { get; set; } = string.Empty;
    public string OutputPricePerMillion { get; set; } = string.Empty;

    /// <summary>The form for editing an existing connection (secret left empty: it is write-only).</summary>
    public static ConnectionForm From(ConnectionSummary connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionForm
        {
            Slug = connection.Slug,
            Kind = connection.Kind,
            BaseUrl = connection.BaseUrl,
            AzureResource = connection.AzureResource ?? string.Empty,
            AzureDeployment = connection.AzureDeployment ?? string.Empty,
            AzureApiVersion = connection.AzureApiVersion ?? string.Empty,
            Models = ListText.Join(connection.Models),
            InputPricePerMillion = connection.InputPricePerMillion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            OutputPricePerMillion = connection.OutputPricePerMillion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
