using System.Buffers;
using System.Text.Json;

namespace Switchyard.Gateway.Forwarding.Anthropic;

/// <summary>
/// Anthropic Messages server-sent events → OpenAI <c>chat.completion.chunk</c> events, as bytes arrive:
/// <c>message_start</c> gives the role chunk, each <c>text_delta</c> a content chunk, <c>message_delta</c> the
/// finish reason (and output tokens), <c>message_stop</c> the optional usage chunk and <c>data: [DONE]</c>.
/// Only one unfinished line is held at a time.
/// </summary>
internal sealed class AnthropicStreamTranslator : IDisposable
{
    private const int MaxLineBytes = 4 * 1024 * 1024;

    private readonly bool _includeUsage;
    private readonly long _created;
    private byte[] _line = ArrayPool<byte>.Shared.Rent(4096);
    private int _lineLength;
    private byte[] _data = ArrayPool<byte>.Shared.Rent(4096);
    private int _dataLength;
    private bool _hasData;
    private Utf8JsonWriter? _writer;
    private string _id = "msg";
    private string _model;
    private TokenUsage _usage;

    public AnthropicStreamTranslator(bool includeUsage, long created, string model)
    {
        _includeUsage = includeUsage;
        _created = created;
        _model = model;
    }

    /// <summary><c>message_stop</c> arrived: the answer is complete and <c>[DONE]</c> was written.</summary>
    public bool Completed { get; private set; }

    /// <summary>The upstream sent an error event (already written to the client as an OpenAI error event) or garbage.</summary>
    public bool Failed { get; private set; }

    /// <summary>The upstream's error event was passed on; otherwise a failure still needs the gateway's own error event.</summary>
    public bool ReportedError { get; private set; }

    public TokenUsage Usage => _usage;

    /// <summary>Translates what <paramref name="data"/> completes; returns the bytes written to <paramref name="output"/>.</summary>
    public long Feed(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        long written = 0;
        while (!data.IsEmpty && !Completed && !Failed)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(ref _line, ref _lineLength, data);
                break;
            }

            ReadOnlySpan<byte> line;
            if (_lineLength == 0)
            {
                line = data[..newline];
            }
            else
            {
                Append(ref _line, ref _lineLength, data[..newline]);
                line = _line.AsSpan(0, _lineLength);
            }

            written += ProcessLine(TrimCarriageReturn(line), output);
            _lineLength = 0;
            data = data[(newline + 1)..];
        }

        return written;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_line);
        ArrayPool<byte>.Shared.Return(_data);
        _line = _data = [];
        _writer?.Dispose();
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > MaxLineBytes)
        {
            // A line this long is not an Anthropic event; stop rather than grow without bound.
            Failed = true;
            return;
        }

        if (length + bytes.Length > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + bytes.Length));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private long ProcessLine(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        if (line.IsEmpty)
        {
            // A blank line dispatches the event.
            if (!_hasData)
            {
                return 0;
            }

            var written = Dispatch(_data.AsSpan(0, _dataLength), output);
            _dataLength = 0;
            _hasData = false;
            return written;
        }

        if (line.StartsWith("data:"u8))
        {
            var value = line[5..];
            if (value.Length > 0 && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            if (_hasData)
            {
                Append(ref _data, ref _dataLength, "\n"u8);
            }

            Append(ref _data, ref _dataLength, value);
            _hasData = true;
        }

        // event:, id:, retry: and comments add nothing: the JSON carries its own "type".
        return 0;
    }

    private long Dispatch(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            Failed = true;
            return 0;
        }

        using (document)
        {
            var root = document.RootElement;
            switch (AnthropicResponseTranslator.String(root, "type"))
            {
                case "message_start":
                    if (root.TryGetProperty("message", out var message))
                    {
                        _id = AnthropicResponseTranslator.String(message, "id") ?? _id;
                        _model = AnthropicResponseTranslator.String(message, "model") ?? _model;
                        if (message.TryGetProperty("usage", out var startUsage))
                        {
                            _usage = AnthropicResponseTranslator.ReadUsage(startUsage, _usage);
                        }
                    }

                    return WriteChunk(output, role: "assistant", content: string.Empty, finishReason: null);
                case "content_block_start":
                    return root.TryGetProperty("content_block", out var block)
                        && AnthropicResponseTranslator.String(block, "type") == "text"
                        && AnthropicResponseTranslator.String(block, "text") is { Length: > 0 } initial
                        ? WriteChunk(output, role: null, content: initial, finishReason: null)
                        : 0;
                case "content_block_delta":
                    return root.TryGetProperty("delta", out var delta)
                        && AnthropicResponseTranslator.String(delta, "type") == "text_delta"
                        && AnthropicResponseTranslator.String(delta, "text") is { } text
                        ? WriteChunk(output, role: null, content: text, finishReason: null)
                        : 0;
                case "message_delta":
                    if (root.TryGetProperty("usage", out var deltaUsage))
                    {
                        _usage = AnthropicResponseTranslator.ReadUsage(deltaUsage, _usage);
                    }

                    var stopReason = root.TryGetProperty("delta", out var stop) ? AnthropicResponseTranslator.String(stop, "stop_reason") : null;
                    return stopReason is null
                        ? 0
                        : WriteChunk(output, role: null, content: null, finishReason: AnthropicStopReasons.ToFinishReason(stopReason));
                case "message_stop":
                    Completed = true;
                    return (_includeUsage ? WriteUsageChunk(output) : 0) + SseEvents.WriteDone(output);
                case "error":
                    Failed = true;
                    ReportedError = true;
                    return WriteError(output, root);
                default:
                    return 0; // ping, content_block_stop, and event types added later
            }
        }
    }

    private Utf8JsonWriter StartEvent(IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(output);
        }
        else
        {
            _writer.Reset(output);
        }

        return _writer;
    }

    private static long EndEvent(IBufferWriter<byte> output, Utf8JsonWriter writer)
    {
        writer.Flush();
        output.Write("\n\n"u8);
        return "data: "u8.Length + writer.BytesCommitted + 2;
    }

    private void WriteChunkHeader(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, _id);
        writer.WriteString("object"u8, "chat.completion.chunk");
        writer.WriteNumber("created"u8, _created);
        writer.WriteString("model"u8, _model);
    }

    private long WriteChunk(IBufferWriter<byte> output, string? role, string? content, string? finishReason)
    {
        var writer = StartEvent(output);
        WriteChunkHeader(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        if (role is not null)
        {
            writer.WriteString("role"u8, role);
        }

        if (content is not null)
        {
            writer.WriteString("content"u8, content);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        AnthropicResponseTranslator.WriteNullableString(writer, "finish_reason"u8, finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        return EndEvent(output, writer);
    }

    private long WriteUsageChunk(IBufferWriter<byte> output)
    {
        var writer = StartEvent(output);
        WriteChunkHeader(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        AnthropicResponseTranslator.WriteUsage(writer, _usage);
        writer.WriteEndObject();
        return EndEvent(output, writer);
    }

    private long WriteError(IBufferWriter<byte> output, JsonElement root)
    {
        root.TryGetProperty("error", out var error);
        var writer = StartEvent(output);
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, AnthropicResponseTranslator.String(error, "message") ?? "The upstream provider reported an error mid-stream.");
        writer.WriteString("type"u8, AnthropicResponseTranslator.String(error, "type") ?? "upstream_error");
        writer.WriteString("code"u8, "upstream_error");
        writer.WriteEndObject();
        writer.WriteEndObject();
        return EndEvent(output, writer);
    }
}
