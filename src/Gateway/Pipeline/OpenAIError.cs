using System.Text.Json;

namespace Switchyard.Gateway.Pipeline;

/// <summary>Errors in the OpenAI shape <c>{"error": {"message", "type", "code", "param"}}</c>, with honest status codes.</summary>
public static class OpenAIError
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RateLimit = "rate_limit_error";
    public const string Upstream = "upstream_error";
    public const string Timeout = "timeout_error";
    public const string Unavailable = "service_unavailable_error";
    public const string Internal = "api_error";

    public static async Task WriteAsync(HttpResponse response, int statusCode, string type, string code, string message, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteString("code", code);
            if (param is null)
            {
                writer.WriteNull("param");
            }
            else
            {
                writer.WriteString("param", param);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    public static string TypeFor(int statusCode) => statusCode switch
    {
        400 or 413 or 415 => InvalidRequest,
        401 => Authentication,
        403 => Permission,
        404 => NotFound,
        429 => RateLimit,
        502 => Upstream,
        503 => Unavailable,
        504 => Timeout,
        _ => Internal,
    };
}
