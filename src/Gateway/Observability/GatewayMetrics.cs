using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Switchyard.Gateway.Observability;

/// <summary>
/// The gateway's own instruments on the <see cref="MeterName"/> meter. The request path calls the methods below;
/// each is a few interlocked operations plus a stack-only <see cref="TagList"/> (no allocation per call).
/// Instrument names follow OpenTelemetry conventions; <c>/metrics</c> renders them as Prometheus names
/// (<c>switchyard.requests</c> becomes <c>switchyard_requests_total</c>, and so on; see docs/observability.md).
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Switchyard.Gateway";

    /// <summary>Stands in for a missing target or route kind, so a label is never empty.</summary>
    public const string None = "none";

    /// <summary>The <c>outcome</c> of an upstream call that succeeded.</summary>
    public const string SuccessOutcome = "success";

    private static readonly string[] _statusCodeText = Enumerable.Range(0, 600)
        .Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .ToArray();

    private static readonly string[] _statusClassText = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _timeToFirstByte;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _attemptDuration;
    private readonly Counter<long> _logWritten;
    private readonly Counter<long> _logDropped;
    private readonly Counter<long> _logWriteErrors;
    private long _inflight;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        var durationAdvice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };

        _requests = Meter.CreateCounter<long>(
            "switchyard.requests", "{request}", "Requests answered by the gateway, by endpoint, route kind, serving target and status code.");
        _requestDuration = Meter.CreateHistogram(
            "switchyard.request.duration", "s", "Time from receiving a request to the end of its answer.", tags: null, durationAdvice);
        _timeToFirstByte = Meter.CreateHistogram(
            "switchyard.request.time_to_first_byte", "s", "Time from receiving a request to the first byte of the upstream answer.", tags: null, durationAdvice);
        _attempts = Meter.CreateCounter<long>(
            "switchyard.upstream.attempts", "{attempt}", "Calls to upstream targets, by target and outcome (including retries and fallbacks).");
        _attemptDuration = Meter.CreateHistogram(
            "switchyard.upstream.attempt.duration", "s", "Time of one upstream call until its response headers (or failure).", tags: null, durationAdvice);
        _logWritten = Meter.CreateCounter<long>(
            "switchyard.request_log.written", "{entry}", "Request log entries stored in PostgreSQL.");
        _logDropped = Meter.CreateCounter<long>(
            "switchyard.request_log.dropped", "{entry}", "Request log entries lost, by reason (queue_full, rejected, shutdown).");
        _logWriteErrors = Meter.CreateCounter<long>(
            "switchyard.request_log.write_errors", "{error}", "Failed attempts to write a batch of request log entries (each is retried).");
        Meter.CreateObservableGauge(
            "switchyard.inflight_requests", () => Volatile.Read(ref _inflight), "{request}", "Requests being handled right now.");
    }

    /// <summary>Bucket bounds (seconds) of the duration histograms: LLM calls range from milliseconds to minutes.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

    /// <summary>The meter, for instruments that belong to other parts (e.g. the request log queue depth).</summary>
    public Meter Meter { get; }

    public long InflightRequests => Volatile.Read(ref _inflight);

    /// <summary>
    /// Counts a request as in flight until the returned scope is disposed:
    /// <c>using var inflight = metrics.TrackInflight();</c> at the top of the handler. Dispose it once.
    /// </summary>
    public InflightRequest TrackInflight()
    {
        Interlocked.Increment(ref _inflight);
        return new InflightRequest(this);
    }

    /// <summary>Once per answered request (errors included).</summary>
    /// <param name="endpoint">e.g. <c>chat/completions</c>, as in the request log.</param>
    /// <param name="routeKind"><c>direct</c>, <c>inline</c>, <c>group</c>, <c>key_policy</c>; null when the request never got that far.</param>
    /// <param name="target"><c>slug/model</c> that served (or was last tried); null when none was.</param>
    /// <param name="statusCode">The status the caller saw (499 when the caller went away).</param>
    /// <param name="duration">Until the end of the answer.</param>
    /// <param name="timeToFirstByte">Until the first byte from the upstream, when there was one.</param>
    public void RequestCompleted(string endpoint, string? routeKind, string? target, int statusCode, TimeSpan duration, TimeSpan? timeToFirstByte = null)
    {
        var endpointTag = new KeyValuePair<string, object?>("endpoint", endpoint);
        var targetTag = new KeyValuePair<string, object?>("target", target ?? None);

        var counted = new TagList
        {
            endpointTag,
            { "route_kind", routeKind ?? None },
            targetTag,
            { "status_code", StatusCodeText(statusCode) },
        };
        _requests.Add(1, counted);

        var timed = new TagList
        {
            endpointTag,
            targetTag,
            { "status_class", StatusClassText(statusCode) },
        };
        _requestDuration.Record(duration.TotalSeconds, timed);

        if (timeToFirstByte is { } firstByte)
        {
            _timeToFirstByte.Record(firstByte.TotalSeconds, new TagList { endpointTag, targetTag });
        }
    }

    /// <summary>Once per upstream call.</summary>
    /// <param name="target"><c>slug/model</c>.</param>
    /// <param name="outcome">
    /// A short word from a bounded set: <see cref="SuccessOutcome"/>, the upstream's status code as text
    /// (<see cref="StatusCodeText"/>), or the forwarder's error name (timeout, connect failure…).
    /// </param>
    /// <param name="duration">Until the response headers arrived or the call failed.</param>
    public void AttemptFinished(string target, string outcome, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "target", target },
            { "outcome", outcome },
        };
        _attempts.Add(1, tags);
        _attemptDuration.Record(duration.TotalSeconds, tags);
    }

    public void RequestLogWritten(int count) => _logWritten.Add(count);

    /// <param name="reason">One of <see cref="Logging.RequestLogDropReasons"/>.</param>
    /// <param name="count">How many entries were lost.</param>
    public void RequestLogDropped(string reason, int count = 1) =>
        _logDropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void RequestLogWriteFailed() => _logWriteErrors.Add(1);

    internal void EndInflight() => Interlocked.Decrement(ref _inflight);

    /// <summary>The status code as text from a table made once (no per-call formatting).</summary>
    public static string StatusCodeText(int statusCode) =>
        (uint)statusCode < (uint)_statusCodeText.Length ? _statusCodeText[statusCode] : "other";

    public static string StatusClassText(int statusCode) =>
        statusCode is >= 100 and < 600 ? _statusClassText[statusCode / 100] : _statusClassText[0];
}
