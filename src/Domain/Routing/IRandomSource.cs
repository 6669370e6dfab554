namespace Switchyard.Domain.Routing;

/// <summary>
/// Where routing draws its randomness from. Injected (rather than calling <see cref="Random.Shared"/> directly)
/// so that tests can replay a fixed seed and assert on distributions.
/// </summary>
public interface IRandomSource
{
    /// <summary>A uniformly distributed value in [0, 1).</summary>
    double NextDouble();
}
