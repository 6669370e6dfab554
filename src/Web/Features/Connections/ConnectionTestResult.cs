namespace Switchyard.Web.Features.Connections;

/// <summary>What a connection test found out, fit to show as is (it never contains the key).</summary>
/// <param name="Succeeded">The provider accepted the key and answered.</param>
/// <param name="Summary">One sentence: what was asked and what came back.</param>
/// <param name="Request">The method and URL that were called (no credentials in it).</param>
/// <param name="StatusCode">The provider's HTTP status, when it answered at all.</param>
/// <param name="Models">Model IDs the provider listed, if it listed any.</param>
/// <param name="Elapsed">How long the call took.</param>
public sealed record ConnectionTestResult(
    bool Succeeded,
    string Summary,
    string Request,
    int? StatusCode,
    IReadOnlyList<string> Models,
    TimeSpan Elapsed);
