namespace Switchyard.Domain.Keys;

/// <summary>What a key may reach and where it goes by default. Empty lists mean "no restriction".</summary>
public sealed record ApiKeyPolicy(string? DefaultGroupId, IReadOnlyList<string> AllowedGroups, IReadOnlyList<string> AllowedModels)
{
    public static ApiKeyPolicy Unrestricted { get; } = new(null, [], []);

    public bool AllowsGroup(string publicGroupId) =>
        AllowedGroups.Count == 0 || AllowedGroups.Contains(publicGroupId, StringComparer.Ordinal);

    public bool AllowsModel(string qualifiedModel) =>
        AllowedModels.Count == 0 || AllowedModels.Contains(qualifiedModel, StringComparer.Ordinal);
}
