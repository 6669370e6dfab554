using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// <see cref="UpstreamUrls"/> once per target and endpoint instead of once per request: a target never changes (a
/// configuration change compiles new ones), and building the URL (strings, then parsing a <see cref="Uri"/>) was the
/// largest allocation of the forwarding step. Keyed weakly by the target, so targets of a replaced route table, or of
/// one request's inline models, leave with it.
/// </summary>
internal sealed class UpstreamUrlCache(string defaultAzureApiVersion)
{
    private static readonly int _endpoints = Enum.GetValues<GatewayEndpoint>().Length;

    private readonly ConditionalWeakTable<RouteTarget, Built?[]> _byTarget = new();

    public bool TryGet(RouteTarget target, GatewayEndpoint endpoint, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        var built = _byTarget.GetValue(target, static _ => new Built?[_endpoints]);
        var index = (int)endpoint;
        var entry = Volatile.Read(ref built[index]);
        if (entry is null)
        {
            // Two requests may build the same entry at once; both answers are equal, either may stay.
            UpstreamUrls.TryBuild(target, endpoint, defaultAzureApiVersion, out var builtUri, out var builtError);
            entry = new Built(builtUri, builtError);
            Volatile.Write(ref built[index], entry);
        }

        uri = entry.Uri;
        error = entry.Error;
        return uri is not null;
    }

    private sealed record Built(Uri? Uri, string? Error);
}
