using System.Collections.Concurrent;

namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>
/// The series of one instrument, keyed by tag set. The hot path is one lock-free lookup keyed by the measurement's
/// own tag span; a tag set never seen before takes a lock, is sorted by key and is mapped to its canonical series.
/// Past <c>maxSeries</c> distinct label sets, new ones share one <c>otel_metric_overflow="true"</c> series, so that
/// an unbounded label (a bug upstream of us) cannot exhaust memory.
/// </summary>
internal sealed class SeriesMap<TPoint>
    where TPoint : class
{
    private static readonly KeyValuePair<string, object?>[] _overflowTags = [new("otel_metric_overflow", "true")];

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<TagSet, Series<TPoint>> _byRecordedTags = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, Series<TPoint>>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly Dictionary<TagSet, Series<TPoint>> _byCanonicalTags = new(TagSetComparer.Instance);
    private readonly List<Series<TPoint>> _series = [];
    private readonly Func<TPoint> _createPoint;
    private readonly int _maxSeries;
    private Series<TPoint>? _overflow;

    public SeriesMap(Func<TPoint> createPoint, int maxSeries)
    {
        _createPoint = createPoint;
        _maxSeries = maxSeries;
        _lookup = _byRecordedTags.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public TPoint Get(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _lookup.TryGetValue(tags, out var series) ? series.Point : GetSlow(tags);

    public Series<TPoint>[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _series];
        }
    }

    /// <summary>Forgets every series (observable instruments report afresh on each collection).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _byRecordedTags.Clear();
            _byCanonicalTags.Clear();
            _series.Clear();
            _overflow = null;
        }
    }

    private TPoint GetSlow(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            if (_lookup.TryGetValue(tags, out var series))
            {
                return series.Point;
            }

            var sorted = tags.ToArray();
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var canonical = new TagSet(sorted);
            if (!_byCanonicalTags.TryGetValue(canonical, out series))
            {
                if (_byCanonicalTags.Count >= _maxSeries)
                {
                    if (_overflow is null)
                    {
                        _overflow = new Series<TPoint>(_overflowTags, _createPoint());
                        _series.Add(_overflow);
                    }

                    return _overflow.Point;
                }

                series = new Series<TPoint>(sorted, _createPoint());
                _byCanonicalTags.Add(canonical, series);
                _series.Add(series);
            }

            // Bounded too: orderings of the same labels are few in practice, but nothing forces that.
            if (_byRecordedTags.Count < _maxSeries * 2)
            {
                _byRecordedTags.TryAdd(new TagSet(tags.ToArray()), series);
            }

            return series.Point;
        }
    }
}
