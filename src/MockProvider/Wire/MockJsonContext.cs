using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Switchyard.MockProvider.Recording;

namespace Switchyard.MockProvider.Wire;

/// <summary>Source-generated serializers for everything the mock writes: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(TextCompletion))]
[JsonSerializable(typeof(EmbeddingList<float[]>))]
[JsonSerializable(typeof(EmbeddingList<string>))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(OpenAiErrorEnvelope))]
[JsonSerializable(typeof(AnthropicMessage))]
[JsonSerializable(typeof(AnthropicMessageStart))]
[JsonSerializable(typeof(AnthropicContentBlockStart))]
[JsonSerializable(typeof(AnthropicContentBlockDelta))]
[JsonSerializable(typeof(AnthropicContentBlockStop))]
[JsonSerializable(typeof(AnthropicMessageDelta))]
[JsonSerializable(typeof(AnthropicBareEvent))]
[JsonSerializable(typeof(AnthropicErrorEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<RecordedRequest>))]
[JsonSerializable(typeof(MockStats))]
[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class MockJsonContext : JsonSerializerContext
{
    // Providers do not escape quotes and apostrophes as \u0022 and \u0027; the default (HTML-safe) encoder would.
    private static readonly JavaScriptEncoder _encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The context every response is written with: snake_case, nulls omitted unless a type says otherwise, relaxed escaping.</summary>
    public static MockJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = _encoder,
    });

    /// <summary>Writer options matching <see cref="Wire"/>, for serializing straight into a response pipe.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = _encoder, SkipValidation = true };
}
