namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>One label set of one instrument and its running value.</summary>
internal sealed class Series<TPoint>(KeyValuePair<string, object?>[] tags, TPoint point)
    where TPoint : class
{
    /// <summary>Sorted by key, so the same labels given in another order land in the same series.</summary>
    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public TPoint Point { get; } = point;

    /// <summary>The rendered label list (without braces), made on first scrape and reused after.</summary>
    public string Labels => field ??= PrometheusText.RenderLabels(Tags);
}
