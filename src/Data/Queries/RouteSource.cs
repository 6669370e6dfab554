using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;

namespace Switchyard.Data.Queries;

/// <summary>The rows a route table is compiled from, read from one snapshot (<see cref="SystemQueries.ReadRoutesAsync"/>).</summary>
public sealed record RouteSource(IReadOnlyList<Guid> OrganizationIds, IReadOnlyList<Connection> Connections, IReadOnlyList<LoadBalanceGroup> Groups);
