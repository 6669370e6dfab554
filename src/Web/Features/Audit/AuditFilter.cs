namespace Switchyard.Web.Features.Audit;

/// <summary>What the Audit page narrows events by; null or empty means "any". Dates are whole UTC days, both inclusive.</summary>
public sealed record AuditFilter(string? Action = null, string? EntityType = null, string? UserEmail = null, DateOnly? From = null, DateOnly? To = null);
