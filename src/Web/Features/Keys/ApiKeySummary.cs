namespace Switchyard.Web.Features.Keys;

/// <summary>
/// An API key as the dashboard shows it: never more of the key than its last four characters. <c>CanManage</c> says
/// whether the viewing user may change or revoke it (admins: any key; members: their own; nobody: a revoked one).
/// </summary>
public sealed record ApiKeySummary(
    Guid Id,
    string Name,
    string Last4,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string? DefaultGroupId,
    IReadOnlyList<string> AllowedGroups,
    IReadOnlyList<string> AllowedModels,
    bool CanManage)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary><c>sk-swy-…abcd</c>.</summary>
    public string MaskedKey => $"{Data.Keys.ApiKeyHasher.Prefix}…{Last4}";
}
