using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Switchyard.MockProvider.Recording;

namespace Switchyard.MockProvider.Tests;

public sealed class HostingTests
{
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task StartAsync_PortZero_BindsDistinctFreeLoopbackPorts()
    {
        await using var first = await MockProviderServer.StartAsync();
        await using var second = await MockProviderServer.StartAsync();

        first.BaseUri.Host.Should().Be("127.0.0.1");
        first.BaseUri.Port.Should().BePositive();
        second.BaseUri.Port.Should().NotBe(first.BaseUri.Port);
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(first.BaseUri, "health"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void MockUrls_BuildTheOptionScheme()
    {
        var root = new Uri("http://127.0.0.1:9090/");

        MockUrls.OpenAi(root).ToString().Should().Be("http://127.0.0.1:9090/v1");
        MockUrls.OpenAi(root, "delay_ms=200", "name=a").ToString().Should().Be("http://127.0.0.1:9090/x/delay_ms=200/name=a/v1");
        MockUrls.Root(root, "name=eu").ToString().Should().Be("http://127.0.0.1:9090/x/name=eu");
    }

    [Fact]
    public async Task RecordCapacityZero_KeepsNoRequestsButStillCounts()
    {
        await using var server = await MockProviderServer.StartAsync(configure: builder =>
            builder.Configuration.AddInMemoryCollection([new(MockProviderApp.RecordCapacityKey, "0")]));
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var response = await http.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), new StringContent(Chat, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Requests.Snapshot().Should().BeEmpty();
        server.Requests.Stats().Total.Should().Be(1);
    }

    [Fact]
    public async Task DisposeAsync_EndsHangingRequestsInsteadOfWaitingForThem()
    {
        var server = await MockProviderServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var hanging = http.PostAsync(new Uri("x/name=hang/hang=1/v1/chat/completions", UriKind.Relative), new StringContent(Chat, Encoding.UTF8, "application/json"));
        await server.Requests.WaitForAsync(r => r.Name == "hang", 1, TimeSpan.FromSeconds(10));

        var watch = Stopwatch.StartNew();
        await server.DisposeAsync();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the host's shutdown timeout is 30 s");
        await hanging.Invoking(t => t).Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Reset_ForgetsRequestsAndFaultCounters()
    {
        await using var server = await MockProviderServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        Task<HttpResponseMessage> Post() =>
            http.PostAsync(new Uri("x/fail=503/fail_first=1/v1/chat/completions", UriKind.Relative), new StringContent(Chat, Encoding.UTF8, "application/json"));

        (await Post()).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await Post()).StatusCode.Should().Be(HttpStatusCode.OK);
        server.Reset();

        server.Requests.Snapshot().Should().BeEmpty();
        (await Post()).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        // The status is on record before the client sees it; the outcome settles as the exchange ends.
        server.Requests.Snapshot().Should().ContainSingle().Which.Status.Should().Be(503);
        (await server.Requests.WaitForAsync(r => r.Outcome != RequestOutcome.InProgress, 1, TimeSpan.FromSeconds(10)))
            .Should().ContainSingle().Which.Outcome.Should().Be(RequestOutcome.Completed);
    }
}
