using Switchyard.Domain.Groups;

namespace Switchyard.Web.Features.Groups;

/// <summary>What the audit log keeps of a group: its settings, with targets named <c>slug/model</c> instead of by internal IDs.</summary>
public sealed record GroupSnapshot(
    string PublicId,
    string Name,
    string Strategy,
    int Version,
    IReadOnlyList<GroupTargetSnapshot> Targets,
    IReadOnlyList<string> StickyHashFields,
    int StickyTtlSeconds,
    IReadOnlyList<string> FallbackModels,
    IReadOnlyList<int> RetryOnStatusCodes,
    int? RequestTimeoutMs,
    int? FirstByteTimeoutMs)
{
    public static GroupSnapshot Of(LoadBalanceGroup group, IReadOnlyDictionary<Guid, string> slugs)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(slugs);
        return new GroupSnapshot(
            group.PublicId,
            group.Name,
            group.Strategy.ToName(),
            group.Version,
            [.. group.Targets.OrderBy(t => t.Position).Select(t => new GroupTargetSnapshot(
                $"{slugs.GetValueOrDefault(t.ConnectionId, t.ConnectionId.ToString())}/{t.Model}", t.Weight, t.RpmLimit, t.TpmLimit))],
            [.. group.StickyHashFields],
            group.StickyTtlSeconds,
            [.. group.FallbackModels],
            [.. group.RetryOnStatusCodes],
            group.RequestTimeoutMs,
            group.FirstByteTimeoutMs);
    }
}

public sealed record GroupTargetSnapshot(string Model, double Weight, int? RpmLimit, int? TpmLimit);
