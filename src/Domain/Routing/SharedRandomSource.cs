namespace Switchyard.Domain.Routing;

/// <summary>The production source: <see cref="Random.Shared"/>, thread-safe and lock-free.</summary>
public sealed class SharedRandomSource : IRandomSource
{
    public static SharedRandomSource Instance { get; } = new();

    // Load balancing needs spread, not unpredictability, so a non-cryptographic generator is right here.
#pragma warning disable CA5394
    public double NextDouble() => Random.Shared.NextDouble();
#pragma warning restore CA5394
}
