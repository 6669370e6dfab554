using System.Diagnostics.Metrics;

namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>
/// Counters and gauges. Synchronous counters report deltas (summed here); observable instruments report their
/// current totals or levels (kept as the last value, and forgotten before each collection so that a label set that
/// stopped reporting disappears).
/// </summary>
internal sealed class ScalarStream : MetricStream
{
    private readonly SeriesMap<ScalarPoint> _series;
    private readonly bool _sumsDeltas;
    private readonly bool _resetOnCollect;

    public ScalarStream(Instrument instrument, string type, bool sumsDeltas, bool resetOnCollect, int maxSeries)
        : base(instrument, PrometheusNames.MetricName(instrument.Name, instrument.Unit, type), type)
    {
        _series = new SeriesMap<ScalarPoint>(static () => new ScalarPoint(), maxSeries);
        _sumsDeltas = sumsDeltas;
        _resetOnCollect = resetOnCollect;
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var point = _series.Get(tags);
        if (_sumsDeltas)
        {
            point.Add(value);
        }
        else
        {
            point.Set(value);
        }
    }

    public override void BeginCollect()
    {
        if (_resetOnCollect)
        {
            _series.Clear();
        }
    }

    public override void Write(PrometheusText output)
    {
        output.WriteFamily(Name, Type, Help);
        foreach (var series in _series.Snapshot())
        {
            output.WriteSample(Name, series.Labels, le: null, series.Point.Value);
        }
    }
}
