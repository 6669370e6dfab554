using System.Diagnostics.Metrics;
using System.Globalization;

namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>Chooses how an instrument is aggregated and rendered, from its kind (and, for histograms, its bucket advice).</summary>
internal static class MetricStreamFactory
{
    /// <summary>OpenTelemetry's default bounds, for histograms without advice in a unit other than seconds.</summary>
    private static readonly double[] _defaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static MetricStream? Create(Instrument instrument, int maxSeries)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var kind = type.GetGenericTypeDefinition();
        if (kind == typeof(Counter<>))
        {
            return new ScalarStream(instrument, PrometheusTypes.Counter, sumsDeltas: true, resetOnCollect: false, maxSeries);
        }

        if (kind == typeof(UpDownCounter<>))
        {
            return new ScalarStream(instrument, PrometheusTypes.Gauge, sumsDeltas: true, resetOnCollect: false, maxSeries);
        }

        if (kind == typeof(Gauge<>))
        {
            return new ScalarStream(instrument, PrometheusTypes.Gauge, sumsDeltas: false, resetOnCollect: false, maxSeries);
        }

        if (kind == typeof(ObservableCounter<>))
        {
            return new ScalarStream(instrument, PrometheusTypes.Counter, sumsDeltas: false, resetOnCollect: true, maxSeries);
        }

        if (kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>))
        {
            return new ScalarStream(instrument, PrometheusTypes.Gauge, sumsDeltas: false, resetOnCollect: true, maxSeries);
        }

        if (kind == typeof(Histogram<>))
        {
            return new HistogramStream(instrument, BoundsFor(instrument), maxSeries);
        }

        return null;
    }

    private static double[] BoundsFor(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<double> i => Advised(i),
            Instrument<float> i => Advised(i),
            Instrument<long> i => Advised(i),
            Instrument<int> i => Advised(i),
            Instrument<short> i => Advised(i),
            Instrument<byte> i => Advised(i),
            Instrument<decimal> i => Advised(i),
            _ => null,
        };

        var bounds = advised ?? (instrument.Unit switch
        {
            "s" => [.. GatewayMetrics.DurationBuckets],
            "ms" => [.. GatewayMetrics.DurationBuckets.Select(b => b * 1000)],
            _ => _defaultBounds,
        });

        return [.. bounds.Where(double.IsFinite).Distinct().Order()];
    }

    private static double[]? Advised<T>(Instrument<T> instrument)
        where T : struct =>
        instrument.Advice?.HistogramBucketBoundaries is { Count: > 0 } bounds
            ? [.. bounds.Select(b => Convert.ToDouble(b, CultureInfo.InvariantCulture))]
            : null;
}
