using System.Runtime.CompilerServices;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchyard.Domain.Providers;
using Switchyard.Gateway.Forwarding.Anthropic;
using Switchyard.Gateway.Forwarding.Http1Client;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// Sends one attempt to one target over a shared, pooled <see cref="SocketsHttpHandler"/> and copies the answer
/// back as it arrives. Failures are values (<see cref="ForwardError"/>), never exceptions, so the caller can fall
/// back to the next target as long as nothing reached the client. A singleton.
/// </summary>
public sealed class UpstreamForwarder : IDisposable
{
    private const int FirstReadBytes = 16 * 1024;
    private static readonly MediaTypeHeaderValue _json = new("application/json");

    private readonly HttpMessageInvoker _invoker;
    private readonly UpstreamForwarderOptions _options;
    private readonly TimeProvider _time;
    private readonly UpstreamUrlCache _urls;
    private readonly Http1UpstreamClient _http1;

    public UpstreamForwarder(IOptions<UpstreamForwarderOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _time = time;
        _urls = new UpstreamUrlCache(_options.DefaultAzureApiVersion);
        _invoker = new HttpMessageInvoker(CreateHandler(_options), disposeHandler: true);
        _http1 = new Http1UpstreamClient(_options);
    }

    /// <summary>The pooled handler: no cookies, no redirects, no decompression (bytes pass through as sent).</summary>
    public static SocketsHttpHandler CreateHandler(UpstreamForwarderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer ?? int.MaxValue,
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = options.UseProxy,
            EnableMultipleHttp2Connections = true,

            // No DiagnosticsHandler in the chain: no Activity per call and no traceparent sent to providers (bench/README.md).
            ActivityHeadersPropagator = null,
        };
    }

    /// <summary>
    /// Sends the call and returns once the upstream's headers arrived and, for a 2xx, its first body bytes too (so a
    /// first-byte timeout or an upstream that breaks off before its first byte is still a clean, retryable failure).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<UpstreamResponse> SendAsync(UpstreamCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!_urls.TryGet(call.Target, call.Endpoint, out var uri, out var urlError))
        {
            return UpstreamResponse.Failed(ForwardError.RequestRejected, StatusCodes.Status400BadRequest, urlError);
        }

        var started = _time.GetTimestamp();
        var exchange = new UpstreamExchange(call.Timeout, call.Stream ? call.FirstByteTimeout : null, _time, cancellationToken);
        try
        {
            if (!TryPrepare(call, exchange, out var body, out var headers, out var dialect, out var anthropic, out var rejection))
            {
                exchange.Dispose();
                return UpstreamResponse.Failed(ForwardError.RequestRejected, StatusCodes.Status400BadRequest, rejection);
            }

            var isGet = call.Endpoint == GatewayEndpoint.Models;
            try
            {
                if (_http1.Serves(uri))
                {
                    exchange.Response = await _http1.SendAsync(uri, isGet, body, headers, exchange.Token, exchange.FirstByteToken);
                }
                else
                {
                    exchange.Request = CreateRequest(uri, isGet, body, headers);
                    exchange.Response = new HttpClientAnswer(await _invoker.SendAsync(exchange.Request, exchange.FirstByteToken));
                }
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                var (error, message) = Classify(ex, exchange, uri, beforeHeaders: true);
                exchange.Dispose();
                return UpstreamResponse.Failed(error, 0, message);
            }

            var headersTime = _time.GetElapsedTime(started);
            var status = exchange.Response.StatusCode;
            if (status is < 200 or > 299)
            {
                exchange.EndFirstByteWindow();
                return await ReadErrorAsync(exchange, status, call.Secret, headersTime, dialect, anthropic, call.Target.Model);
            }

            try
            {
                exchange.Content = await exchange.Response.OpenContentAsync(exchange.FirstByteToken);
                exchange.Prefix = ArrayPool<byte>.Shared.Rent(FirstReadBytes);
                exchange.PrefixLength = await exchange.Content.ReadAsync(exchange.Prefix.AsMemory(0, FirstReadBytes), exchange.FirstByteToken);
                exchange.PrefixIsWholeBody = exchange.PrefixLength == 0;
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                var (error, message) = Classify(ex, exchange, uri, beforeHeaders: false);
                exchange.Dispose();
                return UpstreamResponse.Failed(error, status, message);
            }

            exchange.EndFirstByteWindow();
            return new UpstreamResponse(ForwardError.None, status, exchange)
            {
                HeadersTime = headersTime,
                FirstByte = _time.GetElapsedTime(started),
                Dialect = dialect,
                Anthropic = anthropic,
                Model = call.Target.Model,
            };
        }
        catch
        {
            exchange.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies an open answer (a success or an upstream error answer) to <paramref name="client"/>: status, the
    /// upstream's headers minus hop-by-hop, credential and server headers, then the body as it arrives, flushed
    /// after every read. Streams that break off end with an SSE error event, never <c>[DONE]</c>.
    /// </summary>
    /// <param name="response">From <see cref="SendAsync"/>; the caller still disposes it.</param>
    /// <param name="client">The client's response; must not have started.</param>
    /// <param name="cancellationToken">The client's RequestAborted: cancelling it closes the upstream read at once.</param>
    public ValueTask<CopyOutcome> CopyToAsync(UpstreamResponse response, ClientExchange client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(client);
        if (response.Exchange is not { Response: not null } exchange)
        {
            return ValueTask.FromResult(new CopyOutcome { Error = response.Error, ClientAborted = response.Error == ForwardError.ClientAborted });
        }

        return new ResponseCopier(response, exchange, client, _options, _time, cancellationToken).RunAsync();
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _http1.Dispose();
    }

    internal static bool IsTransportFailure(Exception ex) =>
        ex is HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException or SocketException;

    /// <summary>Which failure an exception means: the caller's cancellation and our timers first, then the transport's own error.</summary>
    internal static (ForwardError Error, string Message) Classify(Exception ex, UpstreamExchange exchange, Uri uri, bool beforeHeaders)
    {
        if (exchange.Caller.IsCancellationRequested)
        {
            return (ForwardError.ClientAborted, "the client closed the request");
        }

        if (exchange.TimedOut)
        {
            return (ForwardError.Timeout, $"no complete answer from {uri.Authority} within {Format(exchange.Timeout)}");
        }

        if (exchange.FirstByteTimedOut)
        {
            return (ForwardError.Timeout, $"no first byte from {uri.Authority} within {Format(exchange.FirstByteTimeout)}");
        }

        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } connect)
        {
            return (ForwardError.ConnectFailed, $"could not connect to {uri.Authority}: {Describe(connect)}");
        }

        if (ex is OperationCanceledException { InnerException: TimeoutException })
        {
            return (ForwardError.ConnectFailed, $"could not connect to {uri.Authority}: connect timeout");
        }

        return (ForwardError.UpstreamBrokeOff, beforeHeaders
            ? $"{uri.Authority} closed the connection before answering: {Describe(ex)}"
            : $"{uri.Authority} closed the connection before its first byte: {Describe(ex)}");
    }

    private static string Describe(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode.ToString();
            }
        }

        return ex is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http ? http.HttpRequestError.ToString() : ex.GetType().Name;
    }

    private static string Format(TimeSpan? value) =>
        value is { } v ? (v.TotalSeconds >= 1 ? $"{v.TotalSeconds:0.###} s" : $"{v.TotalMilliseconds:0} ms") : "the timeout";

    /// <summary>The body to send (translated for another dialect) and the headers besides the framing ones.</summary>
    private bool TryPrepare(
        UpstreamCall call,
        UpstreamExchange exchange,
        out ReadOnlyMemory<byte> body,
        out UpstreamHeaderSet headers,
        out ResponseDialect dialect,
        out AnthropicRequestInfo anthropic,
        [NotNullWhen(false)] out string? rejection)
    {
        var kind = call.Target.Connection.Kind;
        dialect = kind == ProviderKind.Anthropic ? ResponseDialect.AnthropicMessages : ResponseDialect.OpenAI;
        anthropic = default;
        rejection = null;
        headers = default;
        body = call.Endpoint == GatewayEndpoint.Models ? default : call.Body;
        if (call.Endpoint != GatewayEndpoint.Models && dialect == ResponseDialect.AnthropicMessages)
        {
            var translated = new PooledByteBufferWriter(Math.Max(call.Body.Length + 256, 1024));
            exchange.OwnedBody = translated;
            if (!AnthropicRequestTranslator.TryTranslate(call.Body, call.Target.Model, _options.AnthropicDefaultMaxTokens, translated, out anthropic, out rejection))
            {
                return false;
            }

            body = translated.WrittenMemory;
        }

        var userAgentSet = false;
        if (call.Headers is { } extra)
        {
            foreach (var (name, _) in extra)
            {
                userAgentSet |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            }
        }

        var secret = call.Secret;
        if (secret is not null && !UpstreamHeaderSet.IsSafeValue(secret))
        {
            rejection = $"The API key of connection '{call.Target.Connection.Slug}' contains characters an HTTP header cannot carry (line breaks or non-ASCII); save it again without them.";
            return false;
        }

        var (credential, anthropicVersion) = kind switch
        {
            ProviderKind.AzureOpenAI => (secret is null ? null : "api-key", null),
            ProviderKind.Anthropic => (secret is null ? null : "x-api-key", _options.AnthropicVersion),
            _ => (secret is null ? null : "Authorization", (string?)null),
        };
        headers = new UpstreamHeaderSet(
            call.Headers,
            userAgentSet ? null : _options.UserAgent,
            credential,
            credential is null ? null : kind is ProviderKind.AzureOpenAI or ProviderKind.Anthropic ? secret : "Bearer " + secret,
            anthropicVersion is null ? null : "anthropic-version",
            anthropicVersion);
        return true;
    }

    private HttpRequestMessage CreateRequest(Uri uri, bool isGet, ReadOnlyMemory<byte> body, UpstreamHeaderSet headers)
    {
        var request = new HttpRequestMessage(isGet ? HttpMethod.Get : HttpMethod.Post, uri)
        {
            Version = _options.PreferHttp2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (!isGet)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = _json;
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Reads the start of an error answer for the message, keeping it (and the stream) so the answer can still be copied.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<UpstreamResponse> ReadErrorAsync(
        UpstreamExchange exchange,
        int status,
        string? secret,
        TimeSpan headersTime,
        ResponseDialect dialect,
        AnthropicRequestInfo anthropic,
        string model)
    {
        var message = exchange.Response!;
        var retryAfter = RetryAfterParser.Parse(message, _time);
        var limit = _options.ErrorBodyLimit;
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        exchange.Prefix = buffer;
        try
        {
            exchange.Content = await message.OpenContentAsync(exchange.Token);
            while (exchange.PrefixLength < limit)
            {
                var read = await exchange.Content.ReadAsync(buffer.AsMemory(exchange.PrefixLength, limit - exchange.PrefixLength), exchange.Token);
                if (read == 0)
                {
                    exchange.PrefixIsWholeBody = true;
                    break;
                }

                exchange.PrefixLength += read;
            }
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            // What arrived is still worth showing; the copy will notice the broken body again.
        }

        var snippet = Redact(Encoding.UTF8.GetString(buffer, 0, exchange.PrefixLength), secret);
        var summary = exchange.PrefixIsWholeBody ? ExtractMessage(buffer.AsSpan(0, exchange.PrefixLength)) : null;
        var line = summary is null ? $"HTTP {status}" : $"HTTP {status}: {Redact(summary, secret)}";
        return new UpstreamResponse(ForwardError.UpstreamStatus, status, exchange)
        {
            RetryAfter = retryAfter,
            ErrorBody = snippet,
            ErrorMessage = line,
            HeadersTime = headersTime,
            Dialect = dialect,
            Anthropic = anthropic,
            Model = model,
        };
    }

    /// <summary><c>error.message</c> (OpenAI, Azure, Anthropic) or a top-level <c>message</c>, cut to one short line.</summary>
    private static string? ExtractMessage(ReadOnlySpan<byte> body)
    {
        const int maxLength = 300;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var text = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? AnthropicResponseTranslator.String(error, "message")
                : AnthropicResponseTranslator.String(root, "message");
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            text = text.ReplaceLineEndings(" ");
            return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "…");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An upstream may echo the key it rejected; it must not travel further.</summary>
    internal static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 4 ? text : text.Replace(secret, "***", StringComparison.Ordinal);
}
