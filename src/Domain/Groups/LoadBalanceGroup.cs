using Switchyard.Domain.Tenancy;

namespace Switchyard.Domain.Groups;

/// <summary>A load-balancing group: targets with weights plus the routing settings that apply to them.</summary>
public sealed class LoadBalanceGroup : IOrganizationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }

    /// <summary>The ID clients send, like <c>lbg_7Qk2v9xT</c> (<see cref="GroupIds"/>).</summary>
    public required string PublicId { get; set; }
    public required string Name { get; set; }
    public RoutingStrategy Strategy { get; set; } = RoutingStrategy.Weighted;

    /// <summary>Dot paths into the request body (e.g. <c>metadata.user_id</c>); empty = no stickiness.</summary>
    public List<string> StickyHashFields { get; set; } = [];
    public int StickyTtlSeconds { get; set; } = 3600;

    /// <summary>Models (<c>slug/model</c>) tried after every target of the group failed, in order.</summary>
    public List<string> FallbackModels { get; set; } = [];

    /// <summary>Status codes that make a target's answer retryable; empty = the default (429 and 5xx).</summary>
    public List<int> RetryOnStatusCodes { get; set; } = [];
    public int? RequestTimeoutMs { get; set; }
    public int? FirstByteTimeoutMs { get; set; }

    /// <summary>Incremented on every save; shown in <c>x-switchyard-group</c>.</summary>
    public int Version { get; set; } = 1;
    public List<GroupTarget> Targets { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
