namespace Switchyard.Web.Features.Audit;

/// <summary>The values the Audit page's filters offer: what occurs in the organization's events.</summary>
public sealed record AuditFilterOptions(IReadOnlyList<string> Actions, IReadOnlyList<string> EntityTypes, IReadOnlyList<string> Users);
