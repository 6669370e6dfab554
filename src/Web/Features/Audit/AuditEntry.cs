namespace Switchyard.Web.Features.Audit;

/// <summary>One audit event as the Audit page shows it.</summary>
public sealed record AuditEntry(
    Guid Id,
    DateTimeOffset Timestamp,
    string? UserEmail,
    string Action,
    string EntityType,
    string EntityId,
    string? BeforeJson,
    string? AfterJson)
{
    public IReadOnlyList<AuditChange> Changes => AuditDiff.Compute(BeforeJson, AfterJson);
}
