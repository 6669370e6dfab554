namespace Switchyard.Domain.Tenancy;

/// <summary>A user's role in one organization. A user may belong to several.</summary>
public sealed class Membership : IOrganizationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public MemberRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
