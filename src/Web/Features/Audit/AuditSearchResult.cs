namespace Switchyard.Web.Features.Audit;

/// <summary>One page of audit events, newest first, and how many match in all.</summary>
public sealed record AuditSearchResult(IReadOnlyList<AuditEntry> Items, int TotalCount, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}
