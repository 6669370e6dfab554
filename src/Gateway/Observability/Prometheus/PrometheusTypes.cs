namespace Switchyard.Gateway.Observability.Prometheus;

internal static class PrometheusTypes
{
    public const string Counter = "counter";
    public const string Gauge = "gauge";
    public const string Histogram = "histogram";
}
