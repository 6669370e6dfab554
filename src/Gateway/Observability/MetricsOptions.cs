using System.ComponentModel.DataAnnotations;

namespace Switchyard.Gateway.Observability;

/// <summary>Configuration section <c>Metrics</c>: what <c>/metrics</c> exports.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Meters exported besides <see cref="GatewayMetrics.MeterName"/> when <see cref="IncludePlatformMeters"/> is on:
    /// ASP.NET Core requests, Kestrel connections, outgoing HttpClient calls, and the .NET runtime (GC, CPU, thread pool).
    /// </summary>
    public static IReadOnlyList<string> PlatformMeters { get; } =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>Export <see cref="PlatformMeters"/> too. Default true.</summary>
    public bool IncludePlatformMeters { get; set; } = true;

    /// <summary>Further meter names to export (e.g. <c>Metrics__AdditionalMeters__0=System.Net.NameResolution</c>).</summary>
    public IList<string> AdditionalMeters { get; } = [];

    /// <summary>Distinct label sets kept per instrument; past it, new ones go to one overflow series.</summary>
    [Range(10, 1_000_000)]
    public int MaxSeriesPerInstrument { get; set; } = 2000;
}
