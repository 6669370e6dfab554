using System.Collections.Frozen;
using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Routing;

/// <summary>
/// An immutable snapshot of every organization's routes and the opened provider secrets. Replaced whole on reload,
/// so a request that captured it sees one consistent configuration from start to end.
/// </summary>
public sealed class GatewayRouteTable(
    FrozenDictionary<Guid, OrganizationRoutes> organizations,
    FrozenDictionary<Guid, string> secretsByConnection,
    DateTimeOffset loadedAt)
{
    public static GatewayRouteTable Empty { get; } = new(
        FrozenDictionary<Guid, OrganizationRoutes>.Empty,
        FrozenDictionary<Guid, string>.Empty,
        DateTimeOffset.MinValue);

    public FrozenDictionary<Guid, OrganizationRoutes> Organizations { get; } = organizations;
    public DateTimeOffset LoadedAt { get; } = loadedAt;

    public OrganizationRoutes For(Guid organizationId) =>
        Organizations.TryGetValue(organizationId, out var routes) ? routes : OrganizationRoutes.Empty(organizationId);

    /// <summary>The provider key of a connection, or null when it has none (e.g. a local vLLM).</summary>
    public string? SecretFor(Guid connectionId) => secretsByConnection.GetValueOrDefault(connectionId);

    internal FrozenDictionary<Guid, string> Secrets => secretsByConnection;
}
