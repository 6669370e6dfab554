using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Switchyard.MockProvider.Wire;

/// <summary>
/// Writes server-sent events straight into the response pipe and flushes after each one, so every chunk reaches
/// the client as its own write: a gateway that buffers instead of streaming shows up in tests.
/// </summary>
internal sealed class SseWriter(PipeWriter body, CancellationToken cancellationToken)
{
    public async Task WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo, string? eventName = null)
    {
        if (eventName is not null)
        {
            body.Write("event: "u8);
            Encoding.UTF8.GetBytes(eventName, body);
            body.Write("\n"u8);
        }

        body.Write("data: "u8);
        using (var json = new Utf8JsonWriter(body, MockJsonContext.WriterOptions))
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }

        body.Write("\n\n"u8);
        await FlushAsync();
    }

    /// <summary>OpenAI's end-of-stream sentinel.</summary>
    public async Task WriteDoneAsync()
    {
        body.Write("data: [DONE]\n\n"u8);
        await FlushAsync();
    }

    private async Task FlushAsync()
    {
        await body.FlushAsync(cancellationToken);

        // Kestrel drops writes after the client has gone instead of throwing; stop producing as soon as it has.
        cancellationToken.ThrowIfCancellationRequested();
    }
}
