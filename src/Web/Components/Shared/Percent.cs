using System.Globalization;

namespace Switchyard.Web.Components.Shared;

/// <summary>How the dashboard writes shares: one decimal and a space before the sign (75.0 %), as DESIGN.md does.</summary>
public static class Percent
{
    public static string Format(double share) =>
        double.IsFinite(share) ? (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";
}
