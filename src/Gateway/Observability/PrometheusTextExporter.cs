using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;
using Switchyard.Gateway.Observability.Prometheus;

namespace Switchyard.Gateway.Observability;

/// <summary>
/// Aggregates the measurements of selected meters in process (a <see cref="MeterListener"/>) and renders them in the
/// Prometheus text exposition format 0.0.4 on demand. Only meters made by this container's <see cref="IMeterFactory"/>
/// (or global ones, such as HttpClient's) are taken, so two gateway hosts in one process never mix their numbers.
/// Created at start-up (it is also a hosted service) so that nothing measured before the first scrape is missed.
/// </summary>
public sealed partial class PrometheusTextExporter : IHostedService, IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly IMeterFactory _meterFactory;
    private readonly HashSet<string> _meterNames;
    private readonly int _maxSeries;
    private readonly ILogger<PrometheusTextExporter> _logger;
    private readonly Lock _streamsGate = new();
    private readonly Dictionary<string, MetricStream> _streamsByName = new(StringComparer.Ordinal);
    private readonly Lock _collectGate = new();
    private readonly MeterListener _listener;

    public PrometheusTextExporter(IMeterFactory meterFactory, IOptions<MetricsOptions> options, ILogger<PrometheusTextExporter> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _meterFactory = meterFactory;
        _logger = logger;
        var settings = options.Value;
        _maxSeries = settings.MaxSeriesPerInstrument;
        _meterNames = new HashSet<string>(StringComparer.Ordinal) { GatewayMetrics.MeterName };
        _meterNames.UnionWith(MetricsOptions.RuntimeMeters);
        if (settings.IncludePlatformMeters)
        {
            _meterNames.UnionWith(MetricsOptions.PlatformMeters);
        }

        _meterNames.UnionWith(settings.AdditionalMeters.Where(name => !string.IsNullOrWhiteSpace(name)));

        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricStream)state!).Record((double)value, tags));

        // Start last: it publishes the instruments that already exist, synchronously, into the fields above.
        _listener.Start();
    }

    /// <summary>The current values of every exported instrument, as Prometheus text (observable instruments are read now).</summary>
    public string Collect()
    {
        lock (_collectGate)
        {
            MetricStream[] streams;
            lock (_streamsGate)
            {
                streams = [.. _streamsByName.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
            }

            foreach (var stream in streams)
            {
                stream.BeginCollect();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One faulty callback (ours or a library's) must not take the whole endpoint down.
                Log.ObservableCallbackFailed(_logger, ex);
            }

            var text = new StringBuilder(16 * 1024);
            var output = new PrometheusText(text);
            foreach (var stream in streams)
            {
                stream.Write(output);
            }

            return text.ToString();
        }
    }

    /// <summary>Writes <see cref="Collect"/> as a complete <c>/metrics</c> response.</summary>
    public async Task WriteResponseAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = Encoding.UTF8.GetBytes(Collect());
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!_meterNames.Contains(meter.Name) || (meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory)))
        {
            return;
        }

        var stream = MetricStreamFactory.Create(instrument, _maxSeries);
        if (stream is null)
        {
            return;
        }

        lock (_streamsGate)
        {
            if (!_streamsByName.TryAdd(stream.Name, stream))
            {
                // Two instruments rendering to the same name would produce duplicate series; the first keeps it.
                Log.DuplicateName(_logger, stream.Name, meter.Name, instrument.Name);
                return;
            }
        }

        listener.EnableMeasurementEvents(instrument, stream);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not MetricStream stream)
        {
            return;
        }

        lock (_streamsGate)
        {
            if (_streamsByName.TryGetValue(stream.Name, out var current) && ReferenceEquals(current, stream))
            {
                _streamsByName.Remove(stream.Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Warning, "An observable instrument failed while /metrics was collected; its values are missing from this scrape")]
        public static partial void ObservableCallbackFailed(ILogger logger, Exception exception);

        [LoggerMessage(4102, LogLevel.Warning, "Metric name {Name} is already taken; instrument {Instrument} of meter {Meter} is not exported")]
        public static partial void DuplicateName(ILogger logger, string name, string meter, string instrument);
    }
}
