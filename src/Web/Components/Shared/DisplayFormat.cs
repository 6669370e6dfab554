using System.Globalization;

namespace Switchyard.Web.Components.Shared;

/// <summary>Dates as the configuration pages show them: UTC, sortable, unambiguous whatever the browser's locale.</summary>
public static class DisplayFormat
{
    public static string When(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset? value, string missing) => value is { } v ? When(v) : missing;
}
