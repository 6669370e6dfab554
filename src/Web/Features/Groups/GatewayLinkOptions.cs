namespace Switchyard.Web.Features.Groups;

/// <summary>Where clients reach the gateway, for the ready-to-paste snippets (<c>Dashboard:GatewayUrl</c>).</summary>
public sealed class GatewayLinkOptions
{
    public const string SectionName = "Dashboard";
    public const string DefaultGatewayUrl = "http://127.0.0.1:8080";

    public string GatewayUrl { get; set; } = DefaultGatewayUrl;

    /// <summary>The configured URL without a trailing slash (or the default when it is blank).</summary>
    public string NormalizedGatewayUrl => string.IsNullOrWhiteSpace(GatewayUrl) ? DefaultGatewayUrl : GatewayUrl.Trim().TrimEnd('/');
}
