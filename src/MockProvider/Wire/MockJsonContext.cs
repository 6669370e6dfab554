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
internal sealed partial class MockJsonContext : JsonSerializerContext;
