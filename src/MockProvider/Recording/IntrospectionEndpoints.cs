using System.Globalization;
using Switchyard.MockProvider.Scenario;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Recording;

/// <summary>
/// <c>/_mock/*</c>: what the mock received and how it ended, for tests that check a gateway from the outside.
/// <c>GET /_mock/requests?name=&amp;outcome=&amp;min_count=&amp;wait_ms=</c> long-polls until enough requests match,
/// so tests wait for an event instead of sleeping.
/// </summary>
internal static class IntrospectionEndpoints
{
    private const int MaxWaitMs = 60_000;

    public static void MapMockIntrospection(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/_mock");
        group.MapGet("/requests", context => GetRequestsAsync(context));
        group.MapDelete("/requests", context =>
        {
            Log(context).Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        group.MapGet("/stats", context =>
            context.Response.WriteAsJsonAsync(Log(context).Stats(), MockJsonContext.Wire.MockStats, cancellationToken: context.RequestAborted));
        group.MapPost("/reset", context =>
        {
            Log(context).Clear();
            context.RequestServices.GetRequiredService<FaultInjector>().Reset();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
    }

    private static RequestLog Log(HttpContext context) => context.RequestServices.GetRequiredService<RequestLog>();

    private static async Task GetRequestsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string? name = query["name"];
        string? outcomeText = query["outcome"];
        RequestOutcome? outcome = null;
        if (!string.IsNullOrEmpty(outcomeText))
        {
            if (!TryParseOutcome(outcomeText, out var parsed))
            {
                await BadRequestAsync(context, "outcome must be one of in_progress, completed, client_aborted, server_aborted.");
                return;
            }

            outcome = parsed;
        }

        if (!TryInt(query["min_count"], 0, out var minCount) || !TryInt(query["wait_ms"], 0, out var waitMs))
        {
            await BadRequestAsync(context, "min_count and wait_ms must be non-negative integers.");
            return;
        }

        bool Matches(RecordedRequest r) =>
            (string.IsNullOrEmpty(name) || r.Name == name) && (outcome is null || r.Outcome == outcome);

        var requests = await Log(context).WaitForAsync(
            Matches, minCount, TimeSpan.FromMilliseconds(Math.Min(waitMs, MaxWaitMs)), context.RequestAborted);
        await context.Response.WriteAsJsonAsync(
            requests, MockJsonContext.Wire.IReadOnlyListRecordedRequest, cancellationToken: context.RequestAborted);
    }

    private static bool TryParseOutcome(string text, out RequestOutcome outcome)
    {
        outcome = text switch
        {
            "in_progress" => RequestOutcome.InProgress,
            "completed" => RequestOutcome.Completed,
            "client_aborted" => RequestOutcome.ClientAborted,
            "server_aborted" => RequestOutcome.ServerAborted,
            _ => (RequestOutcome)(-1),
        };
        return Enum.IsDefined(outcome);
    }

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text)
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }

    private static Task BadRequestAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var body = new OpenAiErrorEnvelope(new OpenAiError(message, "invalid_request_error", null, null));
        return context.Response.WriteAsJsonAsync(body, MockJsonContext.Wire.OpenAiErrorEnvelope, cancellationToken: context.RequestAborted);
    }
}
