using Switchyard.Domain.Tenancy;

namespace Switchyard.Domain.Keys;

/// <summary>A gateway API key. Only its SHA-256 hash and last four characters are stored; the key is shown once.</summary>
public sealed class ApiKey : IOrganizationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }
    public required byte[] Hash { get; set; }
    public required string Last4 { get; set; }

    /// <summary>The user who created it; members manage only their own keys.</summary>
    public Guid? CreatedByUserId { get; set; }

    /// <summary>Public ID of the group used when a request names neither a model nor a group.</summary>
    public string? DefaultGroupId { get; set; }

    /// <summary>Public group IDs this key may use; empty = all.</summary>
    public List<string> AllowedGroups { get; set; } = [];

    /// <summary>Models (<c>slug/model</c>) this key may use directly; empty = all.</summary>
    public List<string> AllowedModels { get; set; } = [];
    public int? RpmLimit { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    public ApiKeyPolicy Policy => new(DefaultGroupId, AllowedGroups, AllowedModels);
}
