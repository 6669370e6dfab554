using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Web.Features.Audit;

/// <summary>How audit snapshots become JSON: camelCase names, enums by name, nothing indented.</summary>
public static class AuditJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
    };

    public static string? Serialize(object? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, snapshot.GetType(), Options);
}
