using System.Diagnostics.Metrics;

namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>A histogram with fixed bucket bounds: the instrument's advice, or a default for its unit.</summary>
internal sealed class HistogramStream : MetricStream
{
    private readonly double[] _bounds;
    private readonly string[] _boundLabels;
    private readonly string _bucketName;
    private readonly string _sumName;
    private readonly string _countName;
    private readonly SeriesMap<HistogramPoint> _series;

    public HistogramStream(Instrument instrument, double[] bounds, int maxSeries)
        : base(instrument, PrometheusNames.MetricName(instrument.Name, instrument.Unit, PrometheusTypes.Histogram), PrometheusTypes.Histogram)
    {
        _bounds = bounds;
        _boundLabels = [.. bounds.Select(PrometheusText.FormatValue), "+Inf"];
        _bucketName = Name + "_bucket";
        _sumName = Name + "_sum";
        _countName = Name + "_count";
        var bucketCount = bounds.Length + 1;
        _series = new SeriesMap<HistogramPoint>(() => new HistogramPoint(bucketCount), maxSeries);
    }

    public IReadOnlyList<double> Bounds => _bounds;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        // Prometheus buckets are "less than or equal": a value on a bound belongs to that bound's bucket.
        var index = Array.BinarySearch(_bounds, value);
        _series.Get(tags).Record(index >= 0 ? index : ~index, value);
    }

    public override void Write(PrometheusText output)
    {
        output.WriteFamily(Name, Type, Help);
        foreach (var series in _series.Snapshot())
        {
            var point = series.Point;
            long cumulative = 0;
            for (var i = 0; i < _boundLabels.Length; i++)
            {
                cumulative += point.CountIn(i);
                output.WriteSample(_bucketName, series.Labels, _boundLabels[i], cumulative);
            }

            output.WriteSample(_sumName, series.Labels, le: null, point.Sum);

            // The count is the +Inf bucket by construction, so the two always agree within a scrape.
            output.WriteSample(_countName, series.Labels, le: null, cumulative);
        }
    }
}
