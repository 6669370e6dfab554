using Switchyard.Domain.Providers;

namespace Switchyard.Web.Features.Groups;

/// <summary>A connection as the group editor offers it: enough to pick one and suggest its models, nothing secret.</summary>
public sealed record ConnectionChoice(Guid Id, string Slug, ProviderKind Kind, IReadOnlyList<string> Models)
{
    public static ConnectionChoice From(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionChoice(connection.Id, connection.Slug, connection.Kind, [.. connection.Models]);
    }

    /// <summary>A stand-in for <see cref="Domain.Validation.GroupValidator"/>, which needs IDs, slugs and the organization only.</summary>
    public Connection ToDomain(Guid organizationId) =>
        new() { Id = Id, OrganizationId = organizationId, Slug = Slug, Kind = Kind, BaseUrl = string.Empty, Models = [.. Models] };
}
