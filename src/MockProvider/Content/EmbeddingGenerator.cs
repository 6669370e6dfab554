using System.Text;

namespace Switchyard.MockProvider.Content;

/// <summary>
/// A deterministic unit vector per input text: the same text always yields the same vector, different texts
/// differ. Seeded from an FNV-1a hash of the UTF-8 text and expanded with SplitMix64, both stable across runtimes.
/// </summary>
public static class EmbeddingGenerator
{
    public const int DefaultDimensions = 1536;
    public const int MaxDimensions = 8192;

    public static float[] Generate(string text, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);

        var state = Fnv1a(text);
        var vector = new float[dimensions];
        double sumOfSquares = 0;
        for (var i = 0; i < dimensions; i++)
        {
            // Top 24 bits give an exactly representable float in [0, 1); shift to [-1, 1).
            var unit = (NextSplitMix(ref state) >> 40) / (double)(1UL << 24);
            var component = (float)((unit * 2) - 1);
            vector[i] = component;
            sumOfSquares += component * component;
        }

        var norm = (float)Math.Sqrt(sumOfSquares);
        if (norm > 0)
        {
            for (var i = 0; i < dimensions; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static ulong NextSplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
