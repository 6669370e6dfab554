using Switchyard.Domain.Tenancy;

namespace Switchyard.Domain.Groups;

/// <summary>One model on one connection inside a group.</summary>
public sealed class GroupTarget : IOrganizationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid GroupId { get; set; }
    public Guid ConnectionId { get; set; }
    public required string Model { get; set; }

    /// <summary>Non-negative and finite; 0 keeps the target configured but sends it nothing.</summary>
    public double Weight { get; set; } = 1;

    /// <summary>Order in the dashboard's list; also the tie-breaker where order matters.</summary>
    public int Position { get; set; }
    public int? RpmLimit { get; set; }
    public int? TpmLimit { get; set; }

    /// <summary>JSON object merged into the forwarded body (e.g. <c>{"temperature":0}</c>), or null.</summary>
    public string? ParameterOverridesJson { get; set; }
}
