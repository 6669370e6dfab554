namespace Switchyard.Domain.Routing;

/// <summary>A connection left out of a route snapshot (invalid or duplicate slug). The database should prevent both.</summary>
public sealed record RejectedConnection(Guid Id, string? Slug, string Reason);
