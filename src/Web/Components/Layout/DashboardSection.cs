namespace Switchyard.Web.Components.Layout;

/// <summary>One entry of the sidebar: a dashboard area and where it lives.</summary>
/// <param name="Title">Label shown in the sidebar and as the page heading.</param>
/// <param name="Href">Relative URL of the area, without a leading slash.</param>
/// <param name="Icon">Font Awesome classes of the sidebar icon.</param>
public sealed record DashboardSection(string Title, string Href, string Icon)
{
    /// <summary>The areas of the dashboard, in sidebar order.</summary>
    public static IReadOnlyList<DashboardSection> All { get; } =
    [
        new("Groups", "groups", "fa-solid fa-layer-group"),
        new("Connections", "connections", "fa-solid fa-plug"),
        new("API keys", "keys", "fa-solid fa-key"),
        new("Logs", "logs", "fa-solid fa-list"),
        new("Analytics", "analytics", "fa-solid fa-chart-line"),
        new("Audit", "audit", "fa-solid fa-clipboard-check"),
        new("Members", "members", "fa-solid fa-users"),
    ];
}
