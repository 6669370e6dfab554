using System.Diagnostics.Metrics;

namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>What the exporter keeps for one instrument: its Prometheus family and its series.</summary>
internal abstract class MetricStream(Instrument instrument, string name, string type)
{
    public Instrument Instrument { get; } = instrument;

    /// <summary>The family name (for counters including <c>_total</c>).</summary>
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string Help => string.IsNullOrEmpty(Instrument.Description) ? Instrument.Name : Instrument.Description;

    /// <summary>Called from the measurement callback, on any thread, on the request path: no locks, no allocation.</summary>
    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before observable instruments are asked for their values.</summary>
    public virtual void BeginCollect()
    {
    }

    public abstract void Write(PrometheusText output);
}
