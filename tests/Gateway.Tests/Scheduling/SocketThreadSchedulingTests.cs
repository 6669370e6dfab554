using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Scheduling;

/// <summary>
/// Where requests run in the real gateway process (socket completions inline, Kestrel's inline scheduling on):
/// on the socket thread that read them while the gateway is quiet, on the thread pool when it is busy or a body is
/// large. The <c>switchyard_scheduling_decisions_total</c> series tell which happened.
/// </summary>
public sealed class SocketThreadSchedulingTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    [Fact]
    public async Task QuietGateway_AnswersOnTheSocketThreadItReadTheRequestOn()
    {
        await using var gateway = await GatewayProcess.StartAsync(demo.ConnectionString, new Dictionary<string, string>());

        for (var i = 0; i < 20; i++)
        {
            await ChatAsync(gateway, $"hello {i}");
        }

        // Not every request is counted: one whose bytes arrive while Kestrel is still finishing the one before on a
        // thread-pool thread is read there, never having been on a socket thread.
        (await gateway.DecisionsAsync("inline")).Should().BePositive(gateway.Output);
        (await gateway.DecisionsAsync("moved_busy")).Should().Be(0, "20 requests one after another are far below 1,000 per second per core");
        (await gateway.DecisionsAsync("moved_large_body")).Should().Be(0);
    }

    [Fact]
    public async Task GatewayOverItsInlineRate_MovesEveryRequestToTheThreadPool()
    {
        await using var gateway = await GatewayProcess.StartAsync(
            demo.ConnectionString, new Dictionary<string, string> { ["Gateway__InlineBelowRequestsPerSecond"] = "0" });

        for (var i = 0; i < 20; i++)
        {
            await ChatAsync(gateway, $"hello {i}");
        }

        (await gateway.DecisionsAsync("moved_busy")).Should().BePositive(gateway.Output);
        (await gateway.DecisionsAsync("inline")).Should().Be(0, "no request may stay on its socket thread");
    }

    [Fact]
    public async Task LargeBody_OnAQuietGateway_IsParsedOnTheThreadPoolAndForwardedWhole()
    {
        await using var gateway = await GatewayProcess.StartAsync(demo.ConnectionString, new Dictionary<string, string>());
        var content = new string('x', 3 * InlineGate.LargeBodyBytes);

        // A request can begin and read its body on a thread-pool thread (when its bytes were all there as Kestrel
        // came to it, or after a key lookup that finished there) and then never needs to move; which thread it gets
        // is up to timing. So large bodies are sent until one is seen moving, which any of them may; 20 that all stay
        // on the pool would mean the gate is not asked. "Expect: 100-continue" makes every body read wait for its
        // body, which then arrives on a socket thread.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) };
        using var http = new HttpClient(handler) { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var sent = 0;
        long moved;
        do
        {
            await ChatAsync(http, gateway, content, expectContinue: true);
            sent++;
            moved = await gateway.DecisionsAsync("moved_large_body");
        }
        while (moved == 0 && sent < 20);

        moved.Should().BePositive($"none of {sent} large bodies moved to the thread pool");
        moved.Should().BeLessThanOrEqualTo(2 * sent, "a request moves at most twice, before and after reading");
        (await gateway.DecisionsAsync("moved_busy")).Should().Be(0);
        demo.Mock.Requests.Snapshot().Should().Contain(
            r => r.Body.Contains(content, StringComparison.Ordinal), "the upstream must get the whole message");
    }

    [Fact]
    public async Task EveryRequestInline_UnderConcurrentLoad_AllAreAnswered()
    {
        // No rate limit: all work stays on the (one per core) socket threads, the mode most at risk of a stall.
        await using var gateway = await GatewayProcess.StartAsync(
            demo.ConnectionString, new Dictionary<string, string> { ["Gateway__InlineBelowRequestsPerSecond"] = "100000000" });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 32 };
        using var http = new HttpClient(handler) { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // Every fourth one streamed: the answer then goes out chunk by chunk from the socket thread.
        var answers = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => ChatAsync(http, gateway, $"concurrent {i}", stream: i % 4 == 0)));

        answers.Where((_, i) => i % 4 != 0).Should().OnlyContain(text => text.Contains("\"chat.completion\"", StringComparison.Ordinal));
        answers.Where((_, i) => i % 4 == 0).Should().OnlyContain(text => text.TrimEnd().EndsWith("data: [DONE]", StringComparison.Ordinal));
        (await gateway.DecisionsAsync("inline")).Should().BePositive();
        (await gateway.DecisionsAsync("moved_busy")).Should().Be(0);
    }

    private Task<string> ChatAsync(GatewayProcess gateway, string message) => ChatAsync(gateway.Http, gateway, message);

    private async Task<string> ChatAsync(HttpClient http, GatewayProcess gateway, string message, bool stream = false, bool expectContinue = false)
    {
        var body = JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = message } },
            stream,
            load_balance_group = new { group_id = demo.GroupId },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", demo.ApiKey);
        request.Headers.ExpectContinue = expectContinue;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{text}\n{gateway.Output}");
        return text;
    }
}
