using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Switchyard.MockProvider.Recording;
using Switchyard.MockProvider.Scenario;
using Switchyard.MockProvider.Wire;

namespace Switchyard.MockProvider.Endpoints;

/// <summary>
/// One provider request being answered: its route, parsed body and the timing and breakage its options ask for.
/// Handlers describe what to send; this type decides how (delays, flushing, cutting the connection).
/// </summary>
internal sealed class MockExchange(
    HttpContext http,
    MockRoute route,
    JsonElement body,
    string model,
    bool stream,
    TimeProvider time,
    CancellationToken aborted)
{
    public MockRoute Route => route;
    public MockOptions Options => route.Options;

    /// <summary>The JSON body (an object) of a POST; default for a GET.</summary>
    public JsonElement Body => body;

    /// <summary>The request's <c>model</c>, or the Azure deployment when the body names none.</summary>
    public string Model => model;

    public bool Stream => stream;
    public RequestOutcome Outcome { get; private set; } = RequestOutcome.Completed;
    public long Created => time.GetUtcNow().ToUnixTimeSeconds();

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    public Task DelayAsync(int milliseconds) =>
        milliseconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(milliseconds), time, aborted);

    public Task WriteErrorAsync(int status, string message, string? code = null, string? param = null) =>
        ErrorResponses.WriteAsync(http, route.Flavor, status, message, code, param, aborted);

    /// <summary>Writes a complete JSON answer, or, with <c>cut_after</c>, its headers and half its body before breaking off.</summary>
    public async Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;

        if (Options.CutAfter is null)
        {
            await response.Body.WriteAsync(bytes, aborted);
            return;
        }

        await response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), aborted);
        await CutAsync();
    }

    /// <summary>Sends the stream's headers at once, then waits <c>first_byte_ms</c> before the caller writes events.</summary>
    public async Task<SseWriter> StartStreamAsync()
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(aborted);
        await response.BodyWriter.FlushAsync(aborted);

        await DelayAsync(Options.FirstByteMs);
        return new SseWriter(response.BodyWriter, aborted);
    }

    /// <summary>The pause before content chunk number <paramref name="index"/> (none before the first).</summary>
    public Task BeforeChunkAsync(int index) => index == 0 ? Task.CompletedTask : DelayAsync(Options.ChunkDelayMs);

    /// <summary>Whether the stream must break now, after <paramref name="sentChunks"/> content chunks.</summary>
    public bool ShouldCut(int sentChunks) => Options.CutAfter is { } limit && sentChunks >= limit;

    /// <summary>
    /// Breaks the connection after what was written so far has left: the client receives it, then a reset (HTTP/1.1)
    /// or RST_STREAM (HTTP/2) instead of a clean end.
    /// </summary>
    public async Task CutAsync()
    {
        // An abort discards whatever Kestrel's transport pipe still holds. With inline socket scheduling (see
        // MockProviderApp) this flush returns only once the bytes are on the socket, so the client gets exactly the
        // chunks it was promised before the reset: "broke mid-stream", never "failed before the first byte".
        await http.Response.BodyWriter.FlushAsync(aborted);
        Abort();
    }

    /// <summary>Breaks the connection at once: nothing was written, so nothing can be lost (<c>fail=reset</c>).</summary>
    public void Abort()
    {
        Outcome = RequestOutcome.ServerAborted;
        http.Abort();
    }
}
