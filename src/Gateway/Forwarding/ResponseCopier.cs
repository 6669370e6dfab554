using System.Runtime.CompilerServices;
using System.Buffers;
using Switchyard.Gateway.Forwarding.Anthropic;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// One copy of an upstream answer to the client. Reads and writes alternate, one read at a time, with a flush
/// after each, so nothing is buffered beyond a read; a read that fails is told apart from a write that fails,
/// because one is the upstream's fault and the other the client's.
/// </summary>
internal sealed class ResponseCopier(
    UpstreamResponse response,
    UpstreamExchange exchange,
    ClientExchange client,
    UpstreamForwarderOptions options,
    TimeProvider time,
    CancellationToken clientToken)
{
    private const int ReadBytes = 16 * 1024;
    private const string EventStream = "text/event-stream";

    private long _written;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    public async ValueTask<CopyOutcome> RunAsync()
    {
        // The exchange's token already carries the caller's when that is the client's (always, from ProxyHandler): no
        // second linked source per request then.
        using var linked = clientToken == exchange.Caller ? null : CancellationTokenSource.CreateLinkedTokenSource(clientToken, exchange.Token);
        var token = linked?.Token ?? exchange.Token;
        if (response.Dialect != ResponseDialect.AnthropicMessages)
        {
            return await CopyPassThroughAsync(token);
        }

        if (!response.IsSuccess)
        {
            return await CopyAnthropicErrorAsync(token);
        }

        return response.Anthropic.Stream ? await CopyAnthropicStreamAsync(token) : await CopyAnthropicMessageAsync(token);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<CopyOutcome> CopyPassThroughAsync(CancellationToken token)
    {
        var message = exchange.Response!;
        var isEventStream = string.Equals(message.MediaType, EventStream, StringComparison.OrdinalIgnoreCase);
        CopyHeaders(message, translated: false);
        if (message.ContentLength is { } length)
        {
            client.ResponseContentLength = length;
        }

        if (isEventStream)
        {
            PrepareStreaming();
        }

        using var sseUsage = response.IsSuccess && isEventStream ? new SseUsageObserver() : null;
        using var tailUsage = response.IsSuccess && !isEventStream ? new TailUsageObserver() : null;
        var writer = client.Body;

        if (exchange.PrefixLength > 0)
        {
            var prefix = exchange.Prefix.AsSpan(0, exchange.PrefixLength);
            sseUsage?.Observe(prefix);
            tailUsage?.Observe(prefix);
            writer.Write(prefix);
            _written += prefix.Length;
            if (await FlushAsync() is { } flushFailure)
            {
                return await EndAsync(flushFailure, isEventStream);
            }
        }

        while (!exchange.PrefixIsWholeBody)
        {
            if (exchange.Content is not { } content)
            {
                return await EndAsync(ForwardError.UpstreamBrokeOff, isEventStream);
            }

            var memory = writer.GetMemory(ReadBytes);
            int read;
            try
            {
                read = await content.ReadAsync(memory, token);
            }
            catch (Exception ex) when (UpstreamForwarder.IsTransportFailure(ex))
            {
                return await EndAsync(ReadFailure(), isEventStream);
            }

            if (read == 0)
            {
                break;
            }

            var chunk = memory.Span[..read];
            sseUsage?.Observe(chunk);
            tailUsage?.Observe(chunk);
            writer.Advance(read);
            _written += read;
            if (await FlushAsync() is { } failure)
            {
                return await EndAsync(failure, isEventStream);
            }
        }

        return Completed(sseUsage?.Usage ?? tailUsage?.Usage ?? default);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<CopyOutcome> CopyAnthropicStreamAsync(CancellationToken token)
    {
        CopyHeaders(exchange.Response!, translated: true);
        client.SetHeader("Content-Type", "text/event-stream; charset=utf-8");
        PrepareStreaming();

        using var translator = new AnthropicStreamTranslator(response.Anthropic.IncludeUsage, time.GetUtcNow().ToUnixTimeSeconds(), response.Model);
        var writer = client.Body;
        _written += translator.Feed(exchange.Prefix.AsSpan(0, exchange.PrefixLength), writer);

        // Headers go out now even if the first read held no complete event: the client sees the stream has begun.
        if (await FlushAsync() is { } firstFailure)
        {
            return await EndAsync(firstFailure, eventStream: true);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            var ended = exchange.PrefixIsWholeBody;
            while (!ended && !translator.Completed && !translator.Failed)
            {
                if (exchange.Content is not { } content)
                {
                    return await EndAsync(ForwardError.UpstreamBrokeOff, eventStream: true);
                }

                int read;
                try
                {
                    read = await content.ReadAsync(buffer.AsMemory(0, ReadBytes), token);
                }
                catch (Exception ex) when (UpstreamForwarder.IsTransportFailure(ex))
                {
                    return await EndAsync(ReadFailure(), eventStream: true);
                }

                ended = read == 0;
                var produced = translator.Feed(buffer.AsSpan(0, read), writer);
                _written += produced;
                if (produced > 0 && await FlushAsync() is { } failure)
                {
                    return await EndAsync(failure, eventStream: true);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (translator.Completed)
        {
            return Completed(translator.Usage);
        }

        if (translator.ReportedError)
        {
            exchange.AbortResponse();
            return new CopyOutcome
            {
                Truncated = true,
                Error = ForwardError.UpstreamBrokeOff,
                FirstByte = response.FirstByte,
                BytesWritten = _written,
            };
        }

        return await EndAsync(ForwardError.UpstreamBrokeOff, eventStream: true);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<CopyOutcome> CopyAnthropicMessageAsync(CancellationToken token)
    {
        using var body = new PooledByteBufferWriter(Math.Max(exchange.PrefixLength * 2, ReadBytes));
        body.Write(exchange.Prefix.AsSpan(0, exchange.PrefixLength));
        var ended = exchange.PrefixIsWholeBody;
        while (!ended)
        {
            if (exchange.Content is not { } content)
            {
                return await EndAsync(ForwardError.UpstreamBrokeOff, eventStream: false);
            }

            int read;
            try
            {
                read = await content.ReadAsync(body.GetMemory(ReadBytes), token);
            }
            catch (Exception ex) when (UpstreamForwarder.IsTransportFailure(ex))
            {
                return await EndAsync(ReadFailure(), eventStream: false);
            }

            body.Advance(read);
            ended = read == 0;
            if (body.WrittenCount > options.MaxTranslatedResponseBytes)
            {
                exchange.AbortResponse();
                return await WriteGatewayErrorAsync(StatusCodes.Status502BadGateway, "upstream_response_too_large",
                    "The upstream answer is too large to translate from the Anthropic format.", ForwardError.UpstreamBrokeOff);
            }
        }

        using var translated = new PooledByteBufferWriter(body.WrittenCount + 512);
        if (!AnthropicResponseTranslator.TryTranslateMessage(body.WrittenSpan, time.GetUtcNow().ToUnixTimeSeconds(), translated, out var usage))
        {
            return await WriteGatewayErrorAsync(StatusCodes.Status502BadGateway, "upstream_invalid_response",
                "The upstream answer is not an Anthropic message and could not be translated.", ForwardError.UpstreamBrokeOff);
        }

        CopyHeaders(exchange.Response!, translated: true);
        client.SetHeader("Content-Type", "application/json");
        client.ResponseContentLength = translated.WrittenCount;
        client.Body.Write(translated.WrittenSpan);
        _written += translated.WrittenCount;
        if (await FlushAsync() is { } failure)
        {
            return await EndAsync(failure, eventStream: false);
        }

        return Completed(usage);
    }

    /// <summary>An Anthropic error answer in OpenAI's error shape when it arrived whole; otherwise as sent.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<CopyOutcome> CopyAnthropicErrorAsync(CancellationToken token)
    {
        using var translated = new PooledByteBufferWriter(1024);
        if (!exchange.PrefixIsWholeBody || !AnthropicResponseTranslator.TryTranslateError(exchange.Prefix.AsSpan(0, exchange.PrefixLength), translated))
        {
            return await CopyPassThroughAsync(token);
        }

        CopyHeaders(exchange.Response!, translated: true);
        client.SetHeader("Content-Type", "application/json");
        client.ResponseContentLength = translated.WrittenCount;
        client.Body.Write(translated.WrittenSpan);
        _written += translated.WrittenCount;
        if (await FlushAsync() is { } failure)
        {
            return await EndAsync(failure, eventStream: false);
        }

        return Completed(default);
    }

    private CopyOutcome Completed(TokenUsage usage) => new()
    {
        Completed = true,
        Error = ForwardError.None,
        PromptTokens = usage.PromptTokens,
        CompletionTokens = usage.CompletionTokens,
        TotalTokens = usage.TotalTokens,
        FirstByte = response.FirstByte,
        BytesWritten = _written,
    };

    /// <summary>Why a read from the upstream failed: the client, our timeout, or the upstream itself.</summary>
    private ForwardError ReadFailure() =>
        clientToken.IsCancellationRequested ? ForwardError.ClientAborted
        : exchange.TimedOut ? ForwardError.Timeout
        : ForwardError.UpstreamBrokeOff;

    /// <summary>
    /// Flushes to the client; null when it went well, else why not. Only the client's own token may cancel it: Kestrel
    /// aborts the connection when a flush is cancelled, so a request timeout firing mid-flush would reset the client's
    /// connection instead of ending the stream with the timeout event. A client too slow to read is Kestrel's
    /// <c>MinResponseDataRate</c>'s to cut off; the next upstream read still observes the timeout.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwardError?> FlushAsync()
    {
        try
        {
            if (await client.FlushAsync(clientToken))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Only the client can make a flush fail now that our timeout no longer cancels it.
        }

        return ForwardError.ClientAborted;
    }

    /// <summary>
    /// Ends a copy that cannot go on. The upstream connection is closed either way. A client that went away gets
    /// nothing more; a stream gets an SSE error event; a plain answer that already started is cut (a clean end
    /// would pass a partial JSON off as whole), and one that has not started gets a gateway error.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<CopyOutcome> EndAsync(ForwardError error, bool eventStream)
    {
        exchange.AbortResponse();
        if (error == ForwardError.ClientAborted)
        {
            return new CopyOutcome
            {
                ClientAborted = true,
                Error = ForwardError.ClientAborted,
                FirstByte = response.FirstByte,
                BytesWritten = _written,
            };
        }

        if (eventStream)
        {
            var errorEvent = error == ForwardError.Timeout ? SseEvents.TimedOut : SseEvents.Truncated;
            client.Body.Write(errorEvent);
            _written += errorEvent.Length;
            try
            {
                await client.FlushAsync(clientToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The client left as well; the outcome is still the upstream's truncation.
            }
        }
        else if (client.HasStarted)
        {
            client.Abort();
        }
        else
        {
            var timedOut = error == ForwardError.Timeout;
            return await WriteGatewayErrorAsync(
                timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                timedOut ? "upstream_timeout" : "upstream_truncated",
                timedOut ? "upstream did not complete the response within the request timeout" : "upstream connection closed before the response completed",
                error);
        }

        return new CopyOutcome
        {
            Truncated = true,
            Error = error,
            FirstByte = response.FirstByte,
            BytesWritten = _written,
        };
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]

    private async ValueTask<CopyOutcome> WriteGatewayErrorAsync(int status, string code, string message, ForwardError error)
    {
        if (!client.HasStarted)
        {
            var body = System.Text.Encoding.UTF8.GetBytes(
                $"{{\"error\":{{\"message\":{System.Text.Json.JsonSerializer.Serialize(message)},\"type\":\"upstream_error\",\"param\":null,\"code\":\"{code}\"}}}}");
            client.StatusCode = status;
            client.SetHeader("Content-Type", "application/json");
            client.ResponseContentLength = body.Length;
            client.RemoveHeader("Content-Encoding");
            try
            {
                await client.WriteAsync(body, clientToken);
                _written += body.Length;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Nothing more to tell a client that left.
            }
        }

        return new CopyOutcome
        {
            Truncated = error is ForwardError.UpstreamBrokeOff or ForwardError.Timeout,
            Error = error,
            FirstByte = response.FirstByte,
            BytesWritten = _written,
        };
    }

    private void CopyHeaders(UpstreamAnswer message, bool translated)
    {
        client.StatusCode = response.StatusCode;
        message.CopyHeadersTo(client, translated);
    }

    private void PrepareStreaming()
    {
        if (!client.HasHeader("Cache-Control"))
        {
            client.SetHeader("Cache-Control", "no-cache");
        }

        // Proxies such as nginx would otherwise hold events back.
        client.SetHeader("X-Accel-Buffering", "no");
        client.DisableBuffering();
    }
}
