namespace Switchyard.Domain.Routing;

/// <summary>A reproducible sequence for tests and benchmarks. Not thread-safe: use one per thread.</summary>
public sealed class SeededRandomSource(int seed) : IRandomSource
{
    // A seeded Random is deterministic by design; this is not used for anything security-related.
#pragma warning disable CA5394
    private readonly Random _random = new(seed);

    public double NextDouble() => _random.NextDouble();
#pragma warning restore CA5394
}
