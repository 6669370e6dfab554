namespace Switchyard.Domain.Tenancy;

/// <summary>An invitation of an email address into an organization with a role; accepted by signing up or in.</summary>
public sealed class Invitation : IOrganizationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Email { get; set; }
    public MemberRole Role { get; set; }
    public Guid InvitedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? AcceptedAt { get; set; }
}
