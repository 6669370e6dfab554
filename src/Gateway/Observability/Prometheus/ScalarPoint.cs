namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>A running sum or a last value, updated without locks.</summary>
internal sealed class ScalarPoint
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double delta) => AtomicDouble.Add(ref _value, delta);

    public void Set(double value) => Volatile.Write(ref _value, value);
}
