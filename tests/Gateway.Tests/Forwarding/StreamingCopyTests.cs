using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Gateway.Forwarding;
using Switchyard.MockProvider.Recording;
using static Switchyard.Gateway.Tests.Forwarding.ForwardingTestData;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>Copies through a real Kestrel endpoint: chunk-by-chunk delivery, usage, truncation, client aborts.</summary>
public sealed class StreamingCopyTests(MockUpstreamFixture fixture) : IClassFixture<MockUpstreamFixture>, IAsyncLifetime
{
    private const string TruncatedEvent =
        "data: {\"error\":{\"message\":\"upstream connection closed before the response completed\",\"type\":\"upstream_error\",\"code\":\"upstream_truncated\"}}\n\n";

    private ForwardingHost _host = null!;

    public async Task InitializeAsync() => _host = await ForwardingHost.StartAsync(fixture.Forwarder);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpResponseMessage> PostAsync(ForwardingHost.Scenario scenario, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, scenario.Path) { Content = new ByteArrayContent([]) };
        return await _host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    [Fact]
    public async Task CopyToAsync_Stream_ChunksReachTheClientBeforeTheUpstreamFinishes()
    {
        var name = UniqueName();
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={name}", "chunks=20", "chunk_delay_ms=100"), ChatBody(stream: true), stream: true));

        using var response = await PostAsync(scenario);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Read until the second content chunk arrives (the first may come with the read-ahead of the headers);
        // at that moment the mock must still be producing the rest: 18 chunks, 1.8 s, so a loaded machine's stall of
        // the test itself does not let the answer finish first.
        var contentChunks = 0;
        while (contentChunks < 2)
        {
            var line = await reader.ReadLineAsync();
            line.Should().NotBeNull();
            if (line!.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                contentChunks++;
            }
        }

        var whileReading = fixture.Mock.Requests.Snapshot(r => r.Name == name);
        whileReading.Should().ContainSingle().Which.Outcome.Should().Be(RequestOutcome.InProgress,
            "chunks must be passed on as they arrive, not after the whole answer");

        var rest = await reader.ReadToEndAsync();
        rest.Should().EndWith("data: [DONE]\n\n");
        var outcome = await scenario.CopiedAsync();
        outcome!.Completed.Should().BeTrue();
        outcome.Truncated.Should().BeFalse();
        (await RecordedAsync(fixture.Mock, name)).Outcome.Should().Be(RequestOutcome.Completed);
    }

    [Fact]
    public async Task CopyToAsync_Stream_IsByteIdenticalAndReportsUsage()
    {
        var name = UniqueName();
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={name}", "chunks=3"), ChatBody(stream: true, includeUsage: true), stream: true));

        using var response = await PostAsync(scenario);
        var body = await response.Content.ReadAsStringAsync();
        var outcome = await scenario.CopiedAsync();

        var events = SseTranscript.Parse(body);
        events[^1].Should().Be("[DONE]");
        var usage = JsonNode.Parse(events[^2])!["usage"]!;
        outcome!.Completed.Should().BeTrue();
        outcome.PromptTokens.Should().Be(usage["prompt_tokens"]!.GetValue<int>()).And.BePositive();
        outcome.CompletionTokens.Should().Be(usage["completion_tokens"]!.GetValue<int>()).And.BePositive();
        outcome.TotalTokens.Should().Be(usage["total_tokens"]!.GetValue<int>());
        outcome.FirstByte.Should().NotBeNull();
        outcome.BytesWritten.Should().Be(Encoding.UTF8.GetByteCount(body));
        string.Concat(events.Take(events.Count - 1).Select(e => JsonNode.Parse(e)!["choices"]!.AsArray())
                .Where(c => c.Count > 0).Select(c => c[0]!["delta"]!["content"]?.GetValue<string>()))
            .Should().Be(ExpectedReply(name, Model));
    }

    [Fact]
    public async Task CopyToAsync_StreamWithoutIncludeUsage_ReportsNoTokens()
    {
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={UniqueName()}"), ChatBody(stream: true), stream: true));

        using var response = await PostAsync(scenario);
        await response.Content.ReadAsStringAsync();
        var outcome = await scenario.CopiedAsync();

        outcome!.Completed.Should().BeTrue();
        outcome.PromptTokens.Should().BeNull();
    }

    [Fact]
    public async Task CopyToAsync_NonStream_IsByteIdenticalAndReportsUsage()
    {
        var name = UniqueName();
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={name}")));

        using var response = await PostAsync(scenario);
        var body = await response.Content.ReadAsStringAsync();
        var outcome = await scenario.CopiedAsync();

        response.Content.Headers.ContentLength.Should().Be(Encoding.UTF8.GetByteCount(body));
        var usage = JsonNode.Parse(body)!["usage"]!;
        outcome!.Completed.Should().BeTrue();
        outcome.PromptTokens.Should().Be(usage["prompt_tokens"]!.GetValue<int>()).And.BePositive();
        outcome.CompletionTokens.Should().Be(usage["completion_tokens"]!.GetValue<int>());
        outcome.TotalTokens.Should().Be(usage["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task CopyToAsync_StreamCut_EndsWithTheErrorEventNeverDone()
    {
        var name = UniqueName();
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={name}", "chunks=5", "chunk_delay_ms=50", "cut_after=2"), ChatBody(stream: true), stream: true));

        using var response = await PostAsync(scenario);
        var body = await response.Content.ReadAsStringAsync();
        var outcome = await scenario.CopiedAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.Should().EndWith(TruncatedEvent);
        body.Should().NotContain("[DONE]");
        SseTranscript.Parse(body).Count(e => e.Contains("\"content\":\"", StringComparison.Ordinal)).Should().Be(3, "the role chunk and two content chunks");
        outcome!.Truncated.Should().BeTrue();
        outcome.Completed.Should().BeFalse();
        outcome.Error.Should().Be(ForwardError.UpstreamBrokeOff);
        (await RecordedAsync(fixture.Mock, name)).Outcome.Should().Be(RequestOutcome.ServerAborted);
    }

    [Fact]
    public async Task CopyToAsync_NonStreamCut_NeverLooksComplete()
    {
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "cut_after=1")));
        Exception? clientFailure = null;
        try
        {
            using var response = await PostAsync(scenario);
            await response.Content.ReadAsStringAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            clientFailure = ex;
        }

        // The mock sends half the JSON and resets the connection at once: depending on whether the reset overtakes
        // the half, the forwarder fails before the first byte (retryable, nothing sent) or cuts the client off.
        var sent = await scenario.Sent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        if (sent.Error == ForwardError.UpstreamBrokeOff)
        {
            (await scenario.CopiedAsync()).Should().BeNull();
            return;
        }

        sent.Error.Should().Be(ForwardError.None);
        clientFailure.Should().NotBeNull("a cut JSON answer must not look complete");
        var outcome = await scenario.CopiedAsync();
        outcome!.Truncated.Should().BeTrue();
        outcome.Error.Should().Be(ForwardError.UpstreamBrokeOff);
    }

    [Fact]
    public async Task CopyToAsync_TimeoutMidStream_EndsWithTheTimeoutEvent()
    {
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "chunks=50", "chunk_delay_ms=100"), ChatBody(stream: true), stream: true) with
        {
            Timeout = TimeSpan.FromMilliseconds(800),
        });

        using var response = await PostAsync(scenario);
        var body = await response.Content.ReadAsStringAsync();
        var outcome = await scenario.CopiedAsync();

        body.Should().EndWith(
            "data: {\"error\":{\"message\":\"upstream did not complete the response within the request timeout\",\"type\":\"upstream_error\",\"code\":\"upstream_timeout\"}}\n\n");
        body.Should().NotContain("[DONE]");
        outcome!.Truncated.Should().BeTrue();
        outcome.Error.Should().Be(ForwardError.Timeout);
    }

    [Fact]
    public async Task CopyToAsync_ClientAborts_CancelsTheUpstreamRead()
    {
        var name = UniqueName();

        // 100 chunks 100 ms apart: ten seconds of upstream work unless the abort reaches it.
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={name}", "chunks=100", "chunk_delay_ms=100"), ChatBody(stream: true), stream: true));
        using var cancel = new CancellationTokenSource();
        var response = await PostAsync(scenario, cancel.Token);
        var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var buffer = new byte[256];
        (await stream.ReadAsync(buffer, cancel.Token)).Should().BePositive();

        await cancel.CancelAsync();
        response.Dispose();

        var outcome = await scenario.CopiedAsync();
        outcome!.ClientAborted.Should().BeTrue();
        outcome.Error.Should().Be(ForwardError.ClientAborted);
        outcome.Truncated.Should().BeFalse();
        var aborted = await fixture.Mock.Requests.WaitForAsync(
            r => r.Name == name && r.Outcome == RequestOutcome.ClientAborted, 1, TimeSpan.FromSeconds(5));
        aborted.Should().ContainSingle("the upstream read must be cancelled when the client goes away, long before the ten-second stream ends");
    }

    [Fact]
    public async Task CopyToAsync_UpstreamError_KeepsStatusAndBody()
    {
        var scenario = _host.Add(Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "fail=503", "retry_after=2")));

        using var response = await PostAsync(scenario);
        var body = await response.Content.ReadAsStringAsync();
        var sent = await scenario.Sent.Task;

        sent.Error.Should().Be(ForwardError.UpstreamStatus);
        sent.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        body.Should().Be(sent.ErrorBody);
    }
}
