using System.Globalization;
using System.Text.Json;

namespace Switchyard.Web.Features.Audit;

/// <summary>
/// Turns an event's before/after JSON into a field-by-field comparison. Objects and arrays are flattened to dotted
/// paths, so a change deep inside a group's targets shows as one line rather than two unreadable blobs.
/// </summary>
public static class AuditDiff
{
    public static IReadOnlyList<AuditChange> Compute(string? beforeJson, string? afterJson)
    {
        var before = Flatten(beforeJson);
        var after = Flatten(afterJson);
        var paths = before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);

        var changes = new List<AuditChange>();
        foreach (var path in paths)
        {
            var hadBefore = before.TryGetValue(path, out var oldValue);
            var hasAfter = after.TryGetValue(path, out var newValue);
            var kind = (hadBefore, hasAfter) switch
            {
                (false, true) => AuditChangeKind.Added,
                (true, false) => AuditChangeKind.Removed,
                _ => string.Equals(oldValue, newValue, StringComparison.Ordinal) ? AuditChangeKind.Unchanged : AuditChangeKind.Changed,
            };
            changes.Add(new AuditChange(path, oldValue, newValue, kind));
        }

        return changes;
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return values;
        }

        using var document = JsonDocument.Parse(json);
        Flatten(document.RootElement, string.Empty, values);
        return values;
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var property in element.EnumerateObject())
                {
                    any = true;
                    Flatten(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", values);
                }

                if (!any && path.Length > 0)
                {
                    values[path] = "{}";
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), values);
                    index++;
                }

                if (index == 0)
                {
                    values[path.Length == 0 ? "(value)" : path] = "[]";
                }

                break;
            case JsonValueKind.String:
                values[PathOrValue(path)] = element.GetString();
                break;
            case JsonValueKind.Null:
                values[PathOrValue(path)] = null;
                break;
            default:
                values[PathOrValue(path)] = element.GetRawText();
                break;
        }
    }

    private static string PathOrValue(string path) => path.Length == 0 ? "(value)" : path;
}
