using Switchyard.Domain.Tenancy;

namespace Switchyard.Domain.Providers;

/// <summary>
/// A stored credential for one provider account or deployment. Models are addressed as
/// <c>&lt;Slug&gt;/&lt;model&gt;</c>. The secret is kept only encrypted; the Domain never sees it in clear.
/// </summary>
public sealed class Connection : IOrganizationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }

    /// <summary>Lower-case, URL-safe, unique within the organization (<see cref="Validation.Slugs"/>).</summary>
    public required string Slug { get; set; }
    public ProviderKind Kind { get; set; }
    public required string BaseUrl { get; set; }

    /// <summary>Ciphertext of the provider API key (format owned by the Data layer's secret protector).</summary>
    public byte[]? EncryptedSecret { get; set; }

    /// <summary>Identifies the master key that encrypted <see cref="EncryptedSecret"/>, so keys can be rotated.</summary>
    public string? SecretKeyId { get; set; }

    /// <summary>The only part of the secret ever shown again.</summary>
    public string? SecretLast4 { get; set; }

    public string? AzureResource { get; set; }
    public string? AzureDeployment { get; set; }
    public string? AzureApiVersion { get; set; }

    /// <summary>Models this connection serves; feeds the organization's catalog for bare model names.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Optional prices per million tokens, for cost in logs and analytics.</summary>
    public decimal? InputPricePerMillion { get; set; }
    public decimal? OutputPricePerMillion { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
