using Switchyard.Domain.Groups;

namespace Switchyard.Domain.Routing;

/// <summary>
/// <c>group:&lt;id&gt;</c> as a model name: how tools that can only set a model (chat UIs, IDE plugins) use a group.
/// The bare ID (<c>lbg_…</c>) works too; the prefix only makes the intent explicit.
/// </summary>
public static class GroupReference
{
    public const string ModelPrefix = "group:";

    /// <summary>The model name that routes by <paramref name="publicGroupId"/>, e.g. for the dashboard's snippets.</summary>
    public static string ToModelName(string publicGroupId) => ModelPrefix + publicGroupId;

    /// <summary>True for <c>group:&lt;id&gt;</c>; <paramref name="publicGroupId"/> is what follows the prefix (may be empty).</summary>
    public static bool TryParseExplicit(string? value, out string publicGroupId)
    {
        if (value is not null && value.StartsWith(ModelPrefix, StringComparison.Ordinal))
        {
            publicGroupId = value[ModelPrefix.Length..].Trim();
            return true;
        }

        publicGroupId = string.Empty;
        return false;
    }

    /// <summary>True for a bare ID shaped like <c>lbg_…</c> (whether such a group exists is for the caller to find out).</summary>
    public static bool LooksLikeBareId(string? value) => GroupIds.LooksLikeGroupId(value);
}
