using Switchyard.Web.Features.Configuration;

namespace Switchyard.Web.Features.Keys;

/// <summary>What the key form edits: the name and the policy. Empty lists mean "no restriction".</summary>
public sealed class ApiKeyForm
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Public ID of the default group, or empty for none.</summary>
    public string DefaultGroupId { get; set; } = string.Empty;

    /// <summary>Public IDs of the groups the key may use; empty = all.</summary>
    public HashSet<string> AllowedGroups { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>slug/model</c> names the key may use directly, comma-separated; empty = all.</summary>
    public string AllowedModels { get; set; } = string.Empty;

    public static ApiKeyForm From(ApiKeySummary key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ApiKeyForm
        {
            Name = key.Name,
            DefaultGroupId = key.DefaultGroupId ?? string.Empty,
            AllowedGroups = new HashSet<string>(key.AllowedGroups, StringComparer.Ordinal),
            AllowedModels = ListText.Join(key.AllowedModels),
        };
    }
}
