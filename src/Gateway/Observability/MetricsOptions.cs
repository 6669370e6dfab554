using System.ComponentModel.DataAnnotations;

namespace Switchyard.Gateway.Observability;

/// <summary>Configuration section <c>Metrics</c>: what <c>/metrics</c> exports.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Always exported besides <see cref="GatewayMetrics.MeterName"/>: the .NET runtime (GC, CPU, thread pool). Its
    /// instruments are observable, read at scrape time, so they cost the request path nothing.
    /// </summary>
    public static IReadOnlyList<string> RuntimeMeters { get; } = ["System.Runtime"];

    /// <summary>
    /// Exported when <see cref="IncludePlatformMeters"/> is on: ASP.NET Core requests, Kestrel connections and outgoing
    /// HttpClient calls. They record on every request and connection, and mostly repeat what the gateway's own meter
    /// says per target; measured on the bench, listening to them cost ~9 % more CPU per request.
    /// </summary>
    public static IReadOnlyList<string> PlatformMeters { get; } =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
    ];

    /// <summary>Export <see cref="PlatformMeters"/> too. Default false (see there for why).</summary>
    public bool IncludePlatformMeters { get; set; }

    /// <summary>When set, <c>/metrics</c> answers only requests with <c>Authorization: Bearer</c> and this token, from anywhere.</summary>
    public string? Token { get; set; }

    /// <summary>Without a <see cref="Token"/>: serve <c>/metrics</c> to every caller, not only loopback ones. Default false.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>Further meter names to export (e.g. <c>Metrics__AdditionalMeters__0=System.Net.NameResolution</c>).</summary>
    public IList<string> AdditionalMeters { get; } = [];

    /// <summary>Distinct label sets kept per instrument; past it, new ones go to one overflow series.</summary>
    [Range(10, 1_000_000)]
    public int MaxSeriesPerInstrument { get; set; } = 2000;
}
