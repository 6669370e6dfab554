namespace Switchyard.MockProvider.Wire;

// The vector is a float array, or a base64 string of little-endian float32 when encoding_format is "base64".

internal sealed record EmbeddingList<TVector>(
    string Object,
    IReadOnlyList<EmbeddingItem<TVector>> Data,
    string Model,
    EmbeddingUsage Usage);

internal sealed record EmbeddingItem<TVector>(string Object, int Index, TVector Embedding);

internal sealed record EmbeddingUsage(int PromptTokens, int TotalTokens);
