using System.Text.Json;
using Switchyard.Gateway.Requests;

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

    public static Task WriteAsync(HttpResponse response, int statusCode, string type, string code, string message, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WriteAsync(new HttpContextExchange(response.HttpContext), statusCode, type, code, message, param).AsTask();
    }

    public static async ValueTask WriteAsync(ClientExchange exchange, int statusCode, string type, string code, string message, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.HasStarted)
        {
            return;
        }

        exchange.StatusCode = statusCode;
        exchange.SetHeader("Content-Type", "application/json");
        using var buffer = new PooledByteBufferWriter(256 + message.Length * 2);
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

        exchange.ResponseContentLength = buffer.WrittenCount;
        // Not the request's token: an error for a client that has gone is simply not delivered, as before.
        await exchange.WriteAsync(buffer.WrittenSpan, CancellationToken.None);
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
