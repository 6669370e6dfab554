using System.Runtime.CompilerServices;
using System.Buffers;
using Microsoft.Extensions.Options;
using Switchyard.Data.Threading;
using Switchyard.Domain.Logs;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Authentication;
using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Logging;
using Switchyard.Gateway.Observability;
using Switchyard.Gateway.Requests;
using Switchyard.Gateway.Routing;

namespace Switchyard.Gateway.Pipeline;

/// <summary>
/// The request path of <c>/v1/chat/completions</c>, <c>/v1/completions</c> and <c>/v1/embeddings</c>:
/// authenticate → read and parse the body → resolve (Domain) → try targets in order → stream the answer back → log.
/// Errors are values until the very end, where they become OpenAI-shaped responses.
/// </summary>
public sealed partial class ProxyHandler(
    ApiKeyAuthenticator authenticator,
    RouteTableProvider routeTables,
    TargetPlanner planner,
    UpstreamForwarder forwarder,
    RequestLogQueue requestLog,
    InlineGate inlineGate,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<ProxyHandler> logger)
{
    private readonly GatewayOptions _options = options.Value;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]

    public async ValueTask HandleAsync(ClientExchange exchange, GatewayEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        using var inflight = metrics.TrackInflight();
        var started = time.GetTimestamp();
        var requestId = RequestIds.New(out var requestUuid);
        var response = exchange;
        response.SetHeader(GatewayHeaders.RequestId, requestId);

        var (outcome, caller) = await authenticator.AuthenticateAsync(exchange, exchange.RequestAborted);
        if (caller is null)
        {
            await WriteAuthenticationErrorAsync(response, outcome);
            return;
        }

        var log = new RequestLog(requestUuid)
        {
            OrganizationId = caller.OrganizationId,
            RequestId = requestId,
            ApiKeyId = caller.KeyId,
            Endpoint = EndpointName(endpoint),
            Timestamp = time.GetUtcNow(),
        };

        byte[]? rented = null;
        try
        {
            // Before reading (the declared length) and again after (a body without one, or a read that resumed
            // on a socket thread): a large body is copied and parsed off the socket threads.
            if (inlineGate.MustMoveFor(exchange.RequestContentLength ?? 0))
            {
                await SocketThread.LeaveAsync();
            }

            var (bodyError, bodyLength, buffer) = await ReadBodyAsync(exchange);
            rented = buffer;
            if (bodyError is not null)
            {
                await FailAsync(response, log, bodyError.Value.Status, bodyError.Value.Code, bodyError.Value.Message, null, started);
                return;
            }

            if (inlineGate.MustMoveFor(bodyLength))
            {
                await SocketThread.LeaveAsync();
            }

            var parsed = GatewayRequestBody.Parse(rented.AsMemory(0, bodyLength));
            if (parsed.Error is { } parseError)
            {
                await FailAsync(response, log, 400, parseError.Code, parseError.Message, parseError.Param, started);
                return;
            }

            var body = parsed.Body!;
            log.Stream = body.Stream;
            log.MetadataJson = body.MetadataJson.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(body.MetadataJson.Span);

            var routes = routeTables.Current.For(caller.OrganizationId);
            var resolution = RequestResolver.Resolve(body.ToRoutingRequest(), caller.Policy, routes);
            if (!resolution.TryGetPlan(out var plan, out var routingError))
            {
                await FailAsync(response, log, routingError.StatusCode, routingError.WireCode, routingError.Message, routingError.Param, started);
                return;
            }

            if (plan.UsedDeprecatedAlias || body.SentDeprecatedAlias)
            {
                response.SetHeader(GatewayHeaders.Deprecation, "true");
            }

            log.GroupPublicId = plan.Group?.PublicId;
            log.GroupVersion = plan.Group?.Version;
            await ForwardAsync(exchange, endpoint, body, plan, log, started);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]

    private async ValueTask ForwardAsync(ClientExchange exchange, GatewayEndpoint endpoint, GatewayRequestBody body, RoutePlan plan, RequestLog log, long started)
    {
        var response = exchange;
        var trace = new RouteTrace(plan.WireTag);
        var attempts = new List<AttemptRecord>(2);
        var order = await planner.PlanAsync(plan, body, log.OrganizationId, trace);
        var timeout = plan.Group?.RequestTimeout ?? TimeSpan.FromMilliseconds(_options.DefaultRequestTimeoutMs);
        // Pooled: a fresh 4 KB array per request was a third of the bytes the gateway allocated per request.
        using var forwardBody = new PooledByteBufferWriter(body.Utf8.Length + 256);
        var clientHeaders = ForwardedClientHeaders.Select(exchange);
        var allTimeouts = true;
        var all429 = true;
        TimeSpan? retryAfter = null;
        var retries = 0;

        for (var i = 0; i < order.Count && attempts.Count < _options.MaxAttempts; i++)
        {
            var step = order[i];
            var target = step.Target;
            using var lease = await planner.BeginAsync(order, i, trace, retry: retries > 0);
            if (!lease.Admitted)
            {
                continue;
            }

            forwardBody.Clear();
            body.WriteForwardBody(forwardBody, target.Model, target.ParameterOverridesJson);

            var call = new UpstreamCall
            {
                Target = target,
                Secret = routeTables.Current.SecretFor(target.Connection.Id),
                Endpoint = endpoint,
                Body = forwardBody.WrittenMemory,
                Stream = body.Stream,
                Timeout = timeout,
                FirstByteTimeout = plan.Group?.FirstByteTimeout,
                Headers = clientHeaders,
            };

            var attemptStarted = time.GetTimestamp();
            using var upstream = await forwarder.SendAsync(call, exchange.RequestAborted);
            var attemptElapsed = time.GetElapsedTime(attemptStarted);
            planner.Observe(lease, upstream, attemptElapsed);
            metrics.AttemptFinished(target.QualifiedName, upstream.Error == ForwardError.None ? GatewayMetrics.SuccessOutcome : ForwardErrorNames.ToWire(upstream.Error), attemptElapsed);

            if (upstream.Error == ForwardError.ClientAborted || exchange.RequestAborted.IsCancellationRequested)
            {
                log.Target = target.QualifiedName;
                log.Attempts = attempts.Count + 1;
                Complete(log, 499, "client_closed_request", trace, started);
                return;
            }

            if (upstream.Error == ForwardError.None)
            {
                log.Target = target.QualifiedName;
                log.Attempts = attempts.Count + 1;
                log.Fallback = step.IsFallback;
                WriteSuccessHeaders(response, plan, target, trace, attempts.Count + 1, step.IsFallback);
                var copied = await forwarder.CopyToAsync(upstream, response, exchange.RequestAborted);
                planner.Completed(lease, copied);
                log.Status = upstream.StatusCode;
                log.Truncated = copied.Truncated;
                log.PromptTokens = copied.PromptTokens;
                log.CompletionTokens = copied.CompletionTokens;
                log.TotalTokens = copied.TotalTokens;
                log.FirstByteMs = copied.FirstByte is { } firstByte ? (int)firstByte.TotalMilliseconds : null;
                log.Cost = Pricing.Cost(target.Connection, copied.PromptTokens, copied.CompletionTokens);
                var errorCode = copied.ClientAborted ? "client_closed_request" : copied.Truncated ? "upstream_truncated" : null;
                Complete(log, copied.ClientAborted ? 499 : upstream.StatusCode, errorCode, trace, started);
                return;
            }

            var outcomeText = upstream.Error == ForwardError.UpstreamStatus ? upstream.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : ForwardErrorNames.ToWire(upstream.Error);
            attempts.Add(new AttemptRecord(target.QualifiedName, outcomeText));
            allTimeouts &= upstream.Error == ForwardError.Timeout;
            all429 &= upstream.Error == ForwardError.UpstreamStatus && upstream.StatusCode == 429;
            retryAfter = upstream.RetryAfter ?? retryAfter;

            var retryable = upstream.Error switch
            {
                ForwardError.UpstreamStatus => plan.Group?.IsRetryableStatus(upstream.StatusCode) ?? CompiledGroup.IsDefaultRetryableStatus(upstream.StatusCode),
                ForwardError.ConnectFailed or ForwardError.Timeout or ForwardError.UpstreamBrokeOff => true,
                _ => false,
            };

            if (!retryable)
            {
                // Not ours to hide: the caller sees the provider's own answer (e.g. a 400 about its parameters).
                log.Target = target.QualifiedName;
                log.Attempts = attempts.Count;
                if (upstream.Error == ForwardError.UpstreamStatus)
                {
                    WriteSuccessHeaders(response, plan, target, trace, attempts.Count, step.IsFallback);
                    await forwarder.CopyToAsync(upstream, response, exchange.RequestAborted);
                    Complete(log, upstream.StatusCode, "upstream_status", trace, started);
                    return;
                }

                await FailAsync(response, log, 400, "upstream_request_rejected", upstream.ErrorMessage ?? "The request cannot be sent to this provider.", null, started, trace);
                return;
            }

            if (planner.RetryDelay(order, i, retries, upstream) is { } delay)
            {
                // The request's only target failed transiently: wait (backoff, Retry-After) and try it again.
                trace.Add($"retry_after={outcomeText}");
                Log.AttemptFailed(logger, log.RequestId, target.QualifiedName, outcomeText);
                await Task.Delay(delay, time, exchange.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retries++;
                i--;
                continue;
            }

            retries = 0;
            trace.FallbackAfter(outcomeText);
            Log.AttemptFailed(logger, log.RequestId, target.QualifiedName, outcomeText);
        }

        log.Attempts = attempts.Count;
        log.Target = attempts.Count > 0 ? attempts[^1].Target : null;
        response.SetHeader(GatewayHeaders.Attempts, attempts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (plan.Group is { } group)
        {
            response.SetHeader(GatewayHeaders.Group, group.HeaderValue);
        }

        var tried = string.Join("; ", attempts.Select(a => $"{a.Target}: {a.Outcome}"));
        if (attempts.Count > 0 && allTimeouts)
        {
            await FailAsync(response, log, 504, "upstream_timeout", $"Every target timed out. Tried: {tried}.", null, started, trace);
        }
        else if (attempts.Count > 0 && all429)
        {
            if (retryAfter is { } wait)
            {
                response.SetHeader("Retry-After", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            await FailAsync(response, log, 429, "upstream_rate_limited", $"Every target is rate limited. Tried: {tried}.", null, started, trace);
        }
        else if (attempts.Count == 0 && order.LimitReached)
        {
            response.SetHeader("Retry-After", "1");
            await FailAsync(response, log, 429, "target_limit_reached", "Every target is at its requests- or tokens-per-minute limit.", null, started, trace);
        }
        else
        {
            var message = attempts.Count == 0 ? "No target could be tried." : $"Every target failed. Tried: {tried}.";
            await FailAsync(response, log, 502, "all_targets_failed", message, null, started, trace);
        }

    }

    internal static void WriteSuccessHeaders(ClientExchange response, RoutePlan plan, RouteTarget target, RouteTrace trace, int attempts, bool fallback)
    {
        if (plan.Group is { } group)
        {
            response.SetHeader(GatewayHeaders.Group, group.HeaderValue);
        }

        response.SetHeader(GatewayHeaders.Target, target.QualifiedName);
        response.SetHeader(GatewayHeaders.Route, trace.ToString());
        response.SetHeader(GatewayHeaders.Attempts, attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (fallback)
        {
            response.SetHeader(GatewayHeaders.Fallback, "true");
        }

        if (trace.HealthBypass)
        {
            response.SetHeader(GatewayHeaders.HealthBypass, "true");
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<((int Status, string Code, string Message)? Error, int Length, byte[] Buffer)> ReadBodyAsync(ClientExchange exchange)
    {
        var limit = _options.MaxRequestBodyBytes;
        var declared = exchange.RequestContentLength;
        if (declared > limit)
        {
            return ((413, "request_too_large", $"The request body is larger than the gateway's limit of {limit} bytes."), 0, ArrayPool<byte>.Shared.Rent(1));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } length and > 0 ? (int)length : 16 * 1024);
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > limit)
                    {
                        return ((413, "request_too_large", $"The request body is larger than the gateway's limit of {limit} bytes."), 0, buffer);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await exchange.ReadBodyAsync(buffer.AsMemory(total), exchange.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limit)
                {
                    return ((413, "request_too_large", $"The request body is larger than the gateway's limit of {limit} bytes."), 0, buffer);
                }
            }
        }
        catch (ClientBodyException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ((413, "request_too_large", $"The request body is larger than the gateway's limit of {limit} bytes."), 0, buffer);
        }
        catch (ClientBodyException ex)
        {
            return ((400, "invalid_request_body", ex.Message), 0, buffer);
        }

        return (null, total, buffer);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]

    private async ValueTask FailAsync(ClientExchange response, RequestLog log, int status, string code, string message, string? param, long started, RouteTrace? trace = null)
    {
        if (trace is not null)
        {
            response.SetHeader(GatewayHeaders.Route, trace.ToString());
            if (trace.HealthBypass)
            {
                response.SetHeader(GatewayHeaders.HealthBypass, "true");
            }
        }

        await OpenAIError.WriteAsync(response, status, OpenAIError.TypeFor(status), code, message, param);
        Complete(log, status, code, trace, started);
    }

    private void Complete(RequestLog log, int status, string? errorCode, RouteTrace? trace, long started)
    {
        log.Status = status;
        log.ErrorCode = errorCode;
        log.Route = trace?.ToString();
        var elapsed = time.GetElapsedTime(started);
        log.LatencyMs = (int)elapsed.TotalMilliseconds;
        requestLog.TryEnqueue(log);
        metrics.RequestCompleted(log.Endpoint, RouteKindOf(log.Route), log.Target, status, elapsed,
            log.FirstByteMs is { } firstByte ? TimeSpan.FromMilliseconds(firstByte) : null);
    }

    private static string? RouteKindOf(string? route)
    {
        if (route is null)
        {
            return null;
        }

        var comma = route.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? route : route[..comma];
    }

    /// <summary>The one place authentication failures become responses (also used by <c>/v1/models</c>).</summary>
    internal static ValueTask WriteAuthenticationErrorAsync(ClientExchange response, AuthenticationOutcome outcome) => outcome switch
    {
        AuthenticationOutcome.MissingKey => OpenAIError.WriteAsync(response, 401, OpenAIError.Authentication, "missing_api_key",
            "No API key: send it as \"Authorization: Bearer <key>\" or \"x-api-key: <key>\"."),
        AuthenticationOutcome.RevokedKey => OpenAIError.WriteAsync(response, 401, OpenAIError.Authentication, "revoked_api_key",
            "This API key was revoked. Create a new one in the dashboard."),
        AuthenticationOutcome.StoreUnavailable => OpenAIError.WriteAsync(response, 503, OpenAIError.Unavailable, "key_store_unavailable",
            "The gateway cannot verify API keys right now. Retry shortly."),
        _ => OpenAIError.WriteAsync(response, 401, OpenAIError.Authentication, "invalid_api_key",
            "Incorrect API key provided."),
    };

    private static string EndpointName(GatewayEndpoint endpoint) => endpoint switch
    {
        GatewayEndpoint.ChatCompletions => "chat/completions",
        GatewayEndpoint.Completions => "completions",
        GatewayEndpoint.Embeddings => "embeddings",
        _ => "models",
    };

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "Request {RequestId}: target {Target} failed ({Outcome}); trying the next one")]
        public static partial void AttemptFailed(ILogger logger, string requestId, string target, string outcome);
    }
}
