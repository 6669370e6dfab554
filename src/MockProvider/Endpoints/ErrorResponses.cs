using System.Text.Json;
using Switchyard.MockProvider.Scenario;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Endpoints;

/// <summary>Writes an error in the dialect of the API that was called: OpenAI's (also Azure's) or Anthropic's.</summary>
internal static class ErrorResponses
{
    public static async Task WriteAsync(
        HttpContext context,
        ApiFlavor flavor,
        int status,
        string message,
        string? code = null,
        string? param = null,
        CancellationToken cancellationToken = default)
    {
        var body = flavor == ApiFlavor.Anthropic
            ? JsonSerializer.SerializeToUtf8Bytes(
                new AnthropicErrorEnvelope("error", new AnthropicError(AnthropicType(status), message)),
                MockJsonContext.Wire.AnthropicErrorEnvelope)
            : JsonSerializer.SerializeToUtf8Bytes(
                new OpenAiErrorEnvelope(new OpenAiError(message, OpenAiType(status), param, code ?? OpenAiCode(status))),
                MockJsonContext.Wire.OpenAiErrorEnvelope);

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    private static string OpenAiType(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "invalid_request_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status429TooManyRequests => "requests",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static string? OpenAiCode(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "invalid_api_key",
        StatusCodes.Status429TooManyRequests => "rate_limit_exceeded",
        _ => null,
    };

    private static string AnthropicType(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status413PayloadTooLarge => "request_too_large",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        StatusCodes.Status503ServiceUnavailable or 529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };
}
