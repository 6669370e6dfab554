using Switchyard.Domain.Keys;

namespace Switchyard.Domain.Routing;

/// <summary>403 messages that say what the key may use instead, so the caller can fix the request without asking an admin.</summary>
internal static class PolicyMessages
{
    private const int MaxListed = 20;

    public static string GroupNotAllowed(string publicGroupId, ApiKeyPolicy policy) =>
        $"This API key may not use group {publicGroupId}. Allowed groups: {List(policy.AllowedGroups)}. {ModelsPart(policy)}";

    public static string ModelNotAllowed(string qualifiedModel, ApiKeyPolicy policy) =>
        $"This API key may not use model {qualifiedModel}. Allowed models: {List(policy.AllowedModels)}. {GroupsPart(policy)}";

    private static string ModelsPart(ApiKeyPolicy policy) => policy.AllowedModels.Count == 0
        ? "It may name any model of this organization directly."
        : $"Models it may name directly: {List(policy.AllowedModels)}.";

    private static string GroupsPart(ApiKeyPolicy policy) => policy.AllowedGroups.Count == 0
        ? "It may use any group of this organization."
        : $"Groups it may use: {List(policy.AllowedGroups)}.";

    internal static string List(IReadOnlyList<string> items)
    {
        if (items.Count <= MaxListed)
        {
            return string.Join(", ", items);
        }

        return $"{string.Join(", ", items.Take(MaxListed))} and {items.Count - MaxListed} more";
    }
}
