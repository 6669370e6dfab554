using Switchyard.Domain.Tenancy;

namespace Switchyard.Domain.Audit;

/// <summary>Who changed what, when; before and after as JSON with secrets removed.</summary>
public sealed class AuditEvent : IOrganizationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid? UserId { get; set; }
    public string? UserEmail { get; set; }
    public DateTimeOffset Timestamp { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>E.g. <c>group.updated</c>, <c>connection.secret_replaced</c>, <c>key.revoked</c>.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}
