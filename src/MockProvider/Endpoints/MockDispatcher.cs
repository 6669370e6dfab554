using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchyard.MockProvider.Recording;
using Switchyard.MockProvider.Scenario;

namespace Switchyard.MockProvider.Endpoints;

/// <summary>
/// Answers every provider path. Order of play, as a real provider would behave behind a slow network:
/// record → hang → delay → credentials → dialect preconditions → injected failure → body validation → answer.
/// </summary>
internal sealed class MockDispatcher(RequestLog log, FaultInjector faults, TimeProvider time, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var isRoute = MockRouteParser.TryParse(request.Method, path, out var route, out var routeError);
        var entry = log.Begin(request.Method, path + request.QueryString.Value, CaptureHeaders(request), isRoute ? route.Options.Name : null);

        context.Response.OnStarting(() =>
        {
            log.Started(entry, context.Response.StatusCode);
            return Task.CompletedTask;
        });
        context.Response.Headers["x-mock-request-id"] = entry.Id.ToString(CultureInfo.InvariantCulture);
        if (isRoute)
        {
            context.Response.Headers["x-mock-name"] = route.Options.Name;
        }

        // Shutdown must end hanging and delayed answers too, or stopping the host waits for its timeout.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var outcome = RequestOutcome.Completed;
        try
        {
            var body = await ReadBodyAsync(request, cancellation.Token);
            if (routeError is not null)
            {
                Describe(entry, body, model: null, stream: false);
                await ErrorResponses.WriteAsync(
                    context, routeError.Flavor, routeError.Status, routeError.Message, routeError.Code, cancellationToken: cancellation.Token);
                return;
            }

            outcome = await AnswerAsync(context, route, entry, body, cancellation.Token);
        }
        catch (Exception ex) when (cancellation.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            outcome = context.RequestAborted.IsCancellationRequested ? RequestOutcome.ClientAborted : RequestOutcome.ServerAborted;
            if (outcome == RequestOutcome.ServerAborted)
            {
                context.Abort();
            }
        }
        finally
        {
            log.Complete(entry, context.Response.HasStarted ? context.Response.StatusCode : null, outcome);
        }
    }

    private async Task<RequestOutcome> AnswerAsync(
        HttpContext context,
        MockRoute route,
        RequestLog.Entry entry,
        ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        using var document = TryParseJson(body);
        var json = document?.RootElement ?? default;
        var model = RequestFields.String(json, "model") ?? route.Deployment;
        var streamIsValid = RequestFields.TryBool(json, "stream", out var stream);
        Describe(entry, body, model, stream);

        var options = route.Options;
        if (options.Hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }

        var exchange = new MockExchange(context, route, json, model ?? string.Empty, stream, time, cancellationToken);
        await exchange.DelayAsync(options.DelayMs + (stream ? 0 : options.FirstByteMs));

        if (options.RequireKey is { } key && !Credentials.IsAccepted(context.Request, route.Flavor, key))
        {
            await exchange.WriteErrorAsync(StatusCodes.Status401Unauthorized,
                $"Incorrect API key provided. This mock endpoint expects '{Credentials.Describe(route.Flavor)}'.");
            return exchange.Outcome;
        }

        if (route.Flavor == ApiFlavor.AzureOpenAi && string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest,
                "The api-version query parameter (?api-version=) is required for all requests.", "MissingApiVersionParameter");
            return exchange.Outcome;
        }

        if (route.Flavor == ApiFlavor.Anthropic && string.IsNullOrEmpty(context.Request.Headers["anthropic-version"]))
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest, "anthropic-version: header is required");
            return exchange.Outcome;
        }

        if (faults.Decide(route) is { } failure)
        {
            await FailAsync(context, exchange, failure);
            return exchange.Outcome;
        }

        if (route.IsPost && FindBodyProblem(document, streamIsValid, model) is { } problem)
        {
            await exchange.WriteErrorAsync(StatusCodes.Status400BadRequest, problem.Message, param: problem.Param);
            return exchange.Outcome;
        }

        var handler = route.Endpoint switch
        {
            MockEndpoint.ChatCompletions => ChatCompletionsHandler.HandleAsync(exchange),
            MockEndpoint.Completions => CompletionsHandler.HandleAsync(exchange),
            MockEndpoint.Embeddings => EmbeddingsHandler.HandleAsync(exchange),
            MockEndpoint.ListModels => ModelsHandler.ListAsync(exchange),
            MockEndpoint.GetModel => ModelsHandler.GetAsync(exchange),
            MockEndpoint.Messages => MessagesHandler.HandleAsync(exchange),
            _ => throw new InvalidOperationException($"No handler for {route.Endpoint}."),
        };
        await handler;
        return exchange.Outcome;
    }

    private static async Task FailAsync(HttpContext context, MockExchange exchange, FailureSpec failure)
    {
        if (failure.Status is not { } status)
        {
            exchange.Abort();
            return;
        }

        if (exchange.Options.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await exchange.WriteErrorAsync(status,
            $"Injected failure {status} from mock provider '{exchange.Options.Name}' (option fail=).", "mock_injected_failure");
    }

    /// <summary>Why a POST body cannot be used, as the OpenAI API would say it; null when it can.</summary>
    private static (string Message, string? Param)? FindBodyProblem(JsonDocument? document, bool streamIsValid, string? model)
    {
        if (document is null)
        {
            return ("We could not parse the JSON body of your request. The API expects a JSON payload.", null);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return ("The request body must be a JSON object.", null);
        }

        if (!streamIsValid)
        {
            return ("'stream' must be a boolean.", "stream");
        }

        return model is null ? ("You must provide a model parameter (a string).", "model") : null;
    }

    private static JsonDocument? TryParseJson(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        using var buffer = new MemoryStream(capacity: (int)Math.Min(request.ContentLength ?? 4096, 1 << 20));
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private Dictionary<string, string> CaptureHeaders(HttpRequest request)
    {
        if (!log.RecordsBodies)
        {
            return new Dictionary<string, string>();
        }

        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }

        return headers;
    }

    private void Describe(RequestLog.Entry entry, ReadOnlyMemory<byte> body, string? model, bool stream)
    {
        var text = string.Empty;
        var truncated = false;
        if (log.RecordsBodies)
        {
            truncated = body.Length > RequestLog.MaxRecordedBodyBytes;
            text = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, RequestLog.MaxRecordedBodyBytes)]);
        }

        log.Describe(entry, text, truncated, model, stream);
    }
}
