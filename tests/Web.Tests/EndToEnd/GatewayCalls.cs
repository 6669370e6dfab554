using System.Net.Http.Headers;
using System.Text;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>Requests to the gateway as an application would send them.</summary>
public static class GatewayCalls
{
    /// <summary><c>POST /v1/chat/completions</c> with <paramref name="key"/> and the given extra body fields (JSON, without braces).</summary>
    public static async Task<HttpResponseMessage> ChatAsync(this HttpClient gateway, string key, string bodyFields = "")
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello from the dashboard test\"}]" + (bodyFields.Length > 0 ? "," + bodyFields : string.Empty) + "}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await gateway.SendAsync(request);
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
