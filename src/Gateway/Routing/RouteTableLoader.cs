using System.Collections.Frozen;
using Switchyard.Data.Queries;
using Switchyard.Data.Secrets;
using Switchyard.Data.Threading;
using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Routing;

/// <summary>
/// Reads connections and groups from PostgreSQL and compiles them, one organization or all at once. A group that
/// fails validation keeps its last good version (the Domain's <c>Build(previous)</c>) and is logged, never served broken.
/// </summary>
public sealed partial class RouteTableLoader(
    SystemQueries queries,
    ConnectionSecrets secrets,
    TimeProvider time,
    ILogger<RouteTableLoader> logger)
{
    public async Task<GatewayRouteTable> LoadAllAsync(GatewayRouteTable previous, CancellationToken cancellationToken)
    {
        var source = await queries.ReadRoutesAsync(null, cancellationToken);

        // Compiling every organization (and opening its secrets) is too long for a socket thread, where the read's
        // last wait may have left this method.
        await SocketThread.LeaveAsync();
        var connections = source.Connections.ToLookup(c => c.OrganizationId);
        var groups = source.Groups.ToLookup(g => g.OrganizationId);

        var organizations = new Dictionary<Guid, OrganizationRoutes>(source.OrganizationIds.Count);
        var openedSecrets = new Dictionary<Guid, string>();
        foreach (var organizationId in source.OrganizationIds)
        {
            organizations[organizationId] = Compile(organizationId, connections[organizationId], groups[organizationId], previous, openedSecrets);
        }

        return new GatewayRouteTable(organizations.ToFrozenDictionary(), openedSecrets.ToFrozenDictionary(), time.GetUtcNow());
    }

    public async Task<GatewayRouteTable> ReloadOrganizationAsync(GatewayRouteTable previous, Guid organizationId, CancellationToken cancellationToken)
    {
        var source = await queries.ReadRoutesAsync(organizationId, cancellationToken);
        await SocketThread.LeaveAsync();
        var exists = source.OrganizationIds.Count > 0;

        var organizations = new Dictionary<Guid, OrganizationRoutes>(previous.Organizations);
        var openedSecrets = new Dictionary<Guid, string>(previous.Secrets);
        if (previous.Organizations.TryGetValue(organizationId, out var old))
        {
            foreach (var connectionId in old.ConnectionsById.Keys)
            {
                openedSecrets.Remove(connectionId);
            }
        }

        if (exists)
        {
            organizations[organizationId] = Compile(organizationId, source.Connections, source.Groups, previous, openedSecrets);
        }
        else
        {
            organizations.Remove(organizationId);
        }

        return new GatewayRouteTable(organizations.ToFrozenDictionary(), openedSecrets.ToFrozenDictionary(), time.GetUtcNow());
    }

    private OrganizationRoutes Compile(
        Guid organizationId,
        IEnumerable<Domain.Providers.Connection> connections,
        IEnumerable<Domain.Groups.LoadBalanceGroup> groups,
        GatewayRouteTable previous,
        Dictionary<Guid, string> openedSecrets)
    {
        var connectionList = connections.ToList();
        foreach (var connection in connectionList)
        {
            try
            {
                if (secrets.Open(connection) is { } secret)
                {
                    openedSecrets[connection.Id] = secret;
                }
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                // A secret sealed with a key this process does not have: the connection still routes, and the
                // provider's 401 will say so; the operator sees why here.
                Log.SecretUnreadable(logger, connection.Slug, organizationId, ex.Message);
            }
        }

        previous.Organizations.TryGetValue(organizationId, out var previousRoutes);
        var routes = OrganizationRoutes.Build(organizationId, connectionList, groups, previousRoutes);
        foreach (var rejected in routes.Rejected)
        {
            Log.GroupRejected(logger, rejected.ToString(), organizationId);
        }

        return routes;
    }

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "Group rejected while loading routes of organization {OrganizationId}; the last good version (if any) stays in service: {Group}")]
        public static partial void GroupRejected(ILogger logger, string group, Guid organizationId);

        [LoggerMessage(2002, LogLevel.Error, "Secret of connection {Slug} (organization {OrganizationId}) cannot be opened: {Reason}")]
        public static partial void SecretUnreadable(ILogger logger, string slug, Guid organizationId, string reason);
    }
}
