namespace Switchyard.Web.Features.Audit;

/// <summary>How one field differs between an event's before and after snapshots.</summary>
public enum AuditChangeKind
{
    Unchanged,
    Added,
    Removed,
    Changed,
}

/// <summary>One field of an audit diff: a dotted path (<c>targets[1].weight</c>) and its values as text.</summary>
public sealed record AuditChange(string Path, string? Before, string? After, AuditChangeKind Kind);
