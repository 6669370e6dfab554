using Switchyard.Domain.Keys;

namespace Switchyard.Web.Features.Keys;

/// <summary>What the audit log keeps of a key: name, last four characters and policy; never the hash.</summary>
public sealed record ApiKeySnapshot(
    string Name,
    string Last4,
    string? DefaultGroupId,
    IReadOnlyList<string> AllowedGroups,
    IReadOnlyList<string> AllowedModels,
    DateTimeOffset? RevokedAt)
{
    public static ApiKeySnapshot Of(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ApiKeySnapshot(key.Name, key.Last4, key.DefaultGroupId, [.. key.AllowedGroups], [.. key.AllowedModels], key.RevokedAt);
    }
}
