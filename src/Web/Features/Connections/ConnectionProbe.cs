using Switchyard.Domain.Providers;

namespace Switchyard.Web.Features.Connections;

/// <summary>What a connection test needs: where the provider is, and the key to show it.</summary>
public sealed record ConnectionProbe(
    ProviderKind Kind,
    string BaseUrl,
    string? Secret,
    string? AzureDeployment,
    string? AzureApiVersion)
{
    /// <summary>Never print the key, not even in a debugger or a log line that formats this record.</summary>
    public override string ToString() => $"{Kind.ToName()} {BaseUrl}";
}
