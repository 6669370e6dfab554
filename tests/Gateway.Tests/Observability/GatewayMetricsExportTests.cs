using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Tests.Observability;

public sealed class GatewayMetricsExportTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public void Collect_PlatformHttpMeters_OnlyWhenAskedFor_RuntimeMetersAlways(string? include, bool expected)
    {
        var settings = new Dictionary<string, string?> { ["Metrics:IncludePlatformMeters"] = include };
        using var services = ObservabilityServices.Build(settings);
        // A stand-in with the HttpClient meter's name: what the exporter decides is by meter name.
        using var meter = new Meter("System.Net.Http");
        var counter = meter.CreateCounter<long>("switchyard.test.platform_probe");
        counter.Add(2);

        var scrape = services.Scrape();

        scrape.Types.ContainsKey("switchyard_test_platform_probe_total").Should().Be(expected);
        scrape.Types.Keys.Should().Contain(name => name.StartsWith("dotnet_", StringComparison.Ordinal), "the runtime's meter is always exported");
    }

    [Fact]
    public void Collect_RequestsAndAttempts_CountedPerLabelSet()
    {
        using var services = ObservabilityServices.Build();
        var metrics = services.GetRequiredService<GatewayMetrics>();

        for (var i = 0; i < 3; i++)
        {
            metrics.RequestCompleted("chat/completions", "group", "openai-main/gpt-4o-mini", 200, TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(40));
        }

        metrics.RequestCompleted("chat/completions", "group", "azure-eu/gpt-4o", 502, TimeSpan.FromSeconds(2));
        metrics.RequestCompleted("embeddings", null, null, 401, TimeSpan.FromMilliseconds(1));
        metrics.AttemptFinished("azure-eu/gpt-4o", "503", TimeSpan.FromMilliseconds(300));
        metrics.AttemptFinished("azure-eu/gpt-4o", "503", TimeSpan.FromMilliseconds(200));
        metrics.AttemptFinished("openai-main/gpt-4o-mini", GatewayMetrics.SuccessOutcome, TimeSpan.FromMilliseconds(100));

        var scrape = services.Scrape();

        scrape.Types["switchyard_requests_total"].Should().Be("counter");
        scrape.Value("switchyard_requests_total", ("endpoint", "chat/completions"), ("route_kind", "group"), ("target", "openai-main/gpt-4o-mini"), ("status_code", "200"))
            .Should().Be(3);
        scrape.Value("switchyard_requests_total", ("target", "azure-eu/gpt-4o"), ("status_code", "502")).Should().Be(1);
        scrape.Value("switchyard_requests_total", ("endpoint", "embeddings"), ("route_kind", "none"), ("target", "none"), ("status_code", "401")).Should().Be(1);
        scrape.Named("switchyard_requests_total").Should().HaveCount(3);

        scrape.Value("switchyard_upstream_attempts_total", ("target", "azure-eu/gpt-4o"), ("outcome", "503")).Should().Be(2);
        scrape.Value("switchyard_upstream_attempts_total", ("target", "openai-main/gpt-4o-mini"), ("outcome", "success")).Should().Be(1);

        scrape.Types["switchyard_request_duration_seconds"].Should().Be("histogram");
        scrape.Value("switchyard_request_duration_seconds_count", ("target", "openai-main/gpt-4o-mini"), ("status_class", "2xx")).Should().Be(3);
        scrape.Value("switchyard_request_duration_seconds_sum", ("target", "openai-main/gpt-4o-mini")).Should().BeApproximately(0.36, 1e-9);
        scrape.Value("switchyard_request_time_to_first_byte_seconds_count", ("target", "openai-main/gpt-4o-mini")).Should().Be(3);
        scrape.Named("switchyard_request_time_to_first_byte_seconds_count").Should().ContainSingle("only answers with a first byte are timed");
        scrape.Value("switchyard_upstream_attempt_duration_seconds_count", ("target", "azure-eu/gpt-4o")).Should().Be(2);
        scrape.Help["switchyard_requests_total"].Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Collect_DurationHistogram_BucketsAreCumulativeWithInclusiveBounds()
    {
        using var services = ObservabilityServices.Build();
        var metrics = services.GetRequiredService<GatewayMetrics>();
        double[] seconds = [0.001, 0.005, 0.3, 0.5, 45, 70, 1000];
        foreach (var s in seconds)
        {
            metrics.RequestCompleted("completions", "direct", "m/x", 200, TimeSpan.FromSeconds(s));
        }

        var scrape = services.Scrape();
        double Bucket(string le) => scrape.Value("switchyard_request_duration_seconds_bucket", ("target", "m/x"), ("le", le));

        Bucket("0.005").Should().Be(2, "0.005 itself falls in the le=0.005 bucket");
        Bucket("0.25").Should().Be(2);
        Bucket("0.5").Should().Be(4);
        Bucket("60").Should().Be(5);
        Bucket("120").Should().Be(6);
        Bucket("300").Should().Be(6);
        Bucket("+Inf").Should().Be(7);
        scrape.Value("switchyard_request_duration_seconds_count", ("target", "m/x")).Should().Be(7);
        scrape.Value("switchyard_request_duration_seconds_sum", ("target", "m/x")).Should().BeApproximately(seconds.Sum(), 1e-9);

        var bounds = scrape.Named("switchyard_request_duration_seconds_bucket").Select(b => b.Labels["le"]).ToList();
        bounds.Should().Equal(GatewayMetrics.DurationBuckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("+Inf"));
    }

    [Fact]
    public void Collect_InflightGauge_FollowsOpenScopes()
    {
        using var services = ObservabilityServices.Build();
        var metrics = services.GetRequiredService<GatewayMetrics>();

        var first = metrics.TrackInflight();
        using (metrics.TrackInflight())
        {
            services.Scrape().Value("switchyard_inflight_requests").Should().Be(2);
        }

        services.Scrape().Value("switchyard_inflight_requests").Should().Be(1);
        first.Dispose();
        var scrape = services.Scrape();
        scrape.Value("switchyard_inflight_requests").Should().Be(0);
        scrape.Types["switchyard_inflight_requests"].Should().Be("gauge");
    }

    [Fact]
    public void Collect_LabelValuesWithQuotesBackslashesAndNewlines_EscapedAndRoundTrip()
    {
        using var services = ObservabilityServices.Build();
        var metrics = services.GetRequiredService<GatewayMetrics>();
        const string awkward = "we\"ird\\slug/mo\ndel";

        metrics.AttemptFinished(awkward, "timeout", TimeSpan.FromSeconds(1));

        var text = services.GetRequiredService<PrometheusTextExporter>().Collect();
        text.Should().Contain("target=\"we\\\"ird\\\\slug/mo\\ndel\"");
        PrometheusTextParser.Parse(text).Value("switchyard_upstream_attempts_total", ("target", awkward)).Should().Be(1);
    }

    [Fact]
    public void Collect_SameTagsInAnotherOrder_OneSeries()
    {
        using var services = ObservabilityServices.Build(new Dictionary<string, string?> { ["Metrics:AdditionalMeters:0"] = "Test.Order" });
        using var meter = services.GetRequiredService<IMeterFactory>().Create("Test.Order");
        var counter = meter.CreateCounter<int>("test.events");

        counter.Add(1, new("a", "1"), new("b", "2"));
        counter.Add(2, new("b", "2"), new("a", "1"));

        services.Scrape().Named("test_events_total").Should().ContainSingle().Which.Value.Should().Be(3);
    }

    [Fact]
    public void Collect_TooManyLabelSets_ExtraOnesShareTheOverflowSeries()
    {
        using var services = ObservabilityServices.Build(new Dictionary<string, string?> { ["Metrics:MaxSeriesPerInstrument"] = "10" });
        var metrics = services.GetRequiredService<GatewayMetrics>();
        for (var i = 0; i < 15; i++)
        {
            metrics.AttemptFinished($"slug/model-{i}", "success", TimeSpan.Zero);
        }

        metrics.AttemptFinished("slug/model-0", "success", TimeSpan.Zero);

        var scrape = services.Scrape();
        scrape.Named("switchyard_upstream_attempts_total").Should().HaveCount(11);
        scrape.Value("switchyard_upstream_attempts_total", ("target", "slug/model-0")).Should().Be(2, "known label sets keep counting");
        scrape.Value("switchyard_upstream_attempts_total", ("otel_metric_overflow", "true")).Should().Be(5);
    }

    [Fact]
    public void Collect_UnitsAndKinds_FollowPrometheusNaming()
    {
        using var services = ObservabilityServices.Build(new Dictionary<string, string?> { ["Metrics:AdditionalMeters:0"] = "Test.Naming" });
        using var meter = services.GetRequiredService<IMeterFactory>().Create("Test.Naming");
        meter.CreateCounter<long>("test.payload", "By").Add(512);
        meter.CreateUpDownCounter<int>("test.open-connections", "{connection}").Add(3);
        meter.CreateObservableCounter("test.cpu.time", () => 1.5, "s");
        meter.CreateObservableGauge("test.utilization", () => 0.25, "1");
        meter.CreateHistogram<int>("test.tokens", "{token}").Record(30);

        var scrape = services.Scrape();

        scrape.Value("test_payload_bytes_total").Should().Be(512);
        scrape.Types["test_payload_bytes_total"].Should().Be("counter");
        scrape.Value("test_open_connections").Should().Be(3);
        scrape.Types["test_open_connections"].Should().Be("gauge");
        scrape.Value("test_cpu_time_seconds_total").Should().Be(1.5);
        scrape.Value("test_utilization_ratio").Should().Be(0.25);
        scrape.Value("test_tokens_bucket", ("le", "25")).Should().Be(0);
        scrape.Value("test_tokens_bucket", ("le", "50")).Should().Be(1);
    }

    [Fact]
    public void Collect_TwoContainersInOneProcess_NeverMixTheirNumbers()
    {
        using var first = ObservabilityServices.Build();
        using var second = ObservabilityServices.Build();

        first.GetRequiredService<GatewayMetrics>().RequestCompleted("completions", "direct", "a/b", 200, TimeSpan.Zero);

        first.Scrape().Named("switchyard_requests_total").Should().ContainSingle().Which.Value.Should().Be(1);
        second.Scrape().Named("switchyard_requests_total").Should().BeEmpty();
    }

    [Fact]
    public void Collect_AfterContainerDisposed_ExporterOfAnotherContainerStillWorks()
    {
        using var survivor = ObservabilityServices.Build();
        using (var gone = ObservabilityServices.Build())
        {
            gone.GetRequiredService<GatewayMetrics>().RequestCompleted("completions", "direct", "a/b", 200, TimeSpan.Zero);
        }

        survivor.GetRequiredService<GatewayMetrics>().RequestCompleted("completions", "direct", "c/d", 200, TimeSpan.Zero);
        survivor.Scrape().Value("switchyard_requests_total", ("target", "c/d")).Should().Be(1);
    }

    [Fact]
    public void RecordingOnTheRequestPath_WithAnExporterListening_DoesNotAllocate()
    {
        using var services = ObservabilityServices.Build();
        var metrics = services.GetRequiredService<GatewayMetrics>();
        void Record()
        {
            using var inflight = metrics.TrackInflight();
            metrics.RequestCompleted("chat/completions", "group", "openai-main/gpt-4o-mini", 200, TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(40));
            metrics.AttemptFinished("openai-main/gpt-4o-mini", GatewayMetrics.SuccessOutcome, TimeSpan.FromMilliseconds(100));
        }

        Record(); // the first call creates the series
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Record();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1024, "10,000 requests are recorded without allocating");
    }
}
