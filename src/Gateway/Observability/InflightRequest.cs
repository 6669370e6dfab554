namespace Switchyard.Gateway.Observability;

/// <summary>Returned by <see cref="GatewayMetrics.TrackInflight"/>; disposing it ends the request's in-flight count.</summary>
public readonly struct InflightRequest : IDisposable, IEquatable<InflightRequest>
{
    private readonly GatewayMetrics? _metrics;

    internal InflightRequest(GatewayMetrics metrics) => _metrics = metrics;

    public void Dispose() => _metrics?.EndInflight();

    public bool Equals(InflightRequest other) => ReferenceEquals(_metrics, other._metrics);

    public override bool Equals(object? obj) => obj is InflightRequest other && Equals(other);

    public override int GetHashCode() => _metrics?.GetHashCode() ?? 0;

    public static bool operator ==(InflightRequest left, InflightRequest right) => left.Equals(right);

    public static bool operator !=(InflightRequest left, InflightRequest right) => !left.Equals(right);
}
