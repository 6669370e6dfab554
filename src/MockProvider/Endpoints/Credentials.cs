using Switchyard.MockProvider.Scenario;

namespace Switchyard.MockProvider.Endpoints;

/// <summary>
/// Checks the credential each provider expects, in the header that provider uses, so a test can prove that a
/// gateway sends the right secret the right way: OpenAI <c>Authorization: Bearer</c>, Azure <c>api-key</c>
/// (or a bearer token, as with Entra ID), Anthropic <c>x-api-key</c> (or a bearer token, which the official
/// Anthropic SDK sends since its 13.x versions).
/// </summary>
internal static class Credentials
{
    private const string BearerPrefix = "Bearer ";

    public static bool IsAccepted(HttpRequest request, ApiFlavor flavor, string requiredKey) => flavor switch
    {
        ApiFlavor.OpenAi => HasBearer(request, requiredKey),
        ApiFlavor.AzureOpenAi => request.Headers["api-key"] == requiredKey || HasBearer(request, requiredKey),
        ApiFlavor.Anthropic => request.Headers["x-api-key"] == requiredKey || HasBearer(request, requiredKey),
        _ => throw new ArgumentOutOfRangeException(nameof(flavor)),
    };

    public static string Describe(ApiFlavor flavor) => flavor switch
    {
        ApiFlavor.OpenAi => "Authorization: Bearer <key>",
        ApiFlavor.AzureOpenAi => "api-key: <key>' or 'Authorization: Bearer <key>",
        ApiFlavor.Anthropic => "x-api-key: <key>' or 'Authorization: Bearer <key>",
        _ => throw new ArgumentOutOfRangeException(nameof(flavor)),
    };

    private static bool HasBearer(HttpRequest request, string requiredKey)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && string.Equals(header[BearerPrefix.Length..], requiredKey, StringComparison.Ordinal);
    }
}
