using System.Net;
using System.Text.Json;

namespace Switchyard.MockProvider.Tests;

public sealed class IntrospectionTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task ClientAbortMidStream_IsRecordedAndCountedInStats()
    {
        (await fixture.Http.DeleteAsync(new Uri("/_mock/requests", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var response = await fixture.PostAsync(
            "/x/name=aborter/chunks=20/chunk_delay_ms=500/v1/chat/completions",
            """{"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]}""",
            HttpCompletionOption.ResponseHeadersRead);
        await using (var events = SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator())
        {
            (await events.MoveNextAsync()).Should().BeTrue();
        }

        // Disposing a half-read response closes the connection: the client has gone away mid-stream.
        response.Dispose();

        var aborted = await GetJsonAsync("/_mock/requests?name=aborter&outcome=client_aborted&min_count=1&wait_ms=10000");
        aborted.GetArrayLength().Should().Be(1);
        aborted[0].GetProperty("client_aborted").GetBoolean().Should().BeTrue();
        aborted[0].GetProperty("stream").GetBoolean().Should().BeTrue();
        aborted[0].GetProperty("status").GetInt32().Should().Be(200);

        var stats = await GetJsonAsync("/_mock/stats");
        stats.GetProperty("client_aborted").GetInt64().Should().Be(1);
        stats.GetProperty("streams_client_aborted").GetInt64().Should().Be(1);
        stats.GetProperty("streams").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Requests_RecordMethodPathHeadersBodyAndModel_FilteredByName()
    {
        const string body = """{"model":"gpt-4o","messages":[{"role":"user","content":"recorded"}]}""";
        using var response = await fixture.SendAsync(MockServerFixture.Post(
            "/x/name=recorded/v1/chat/completions?trace=1", body, ("Authorization", "Bearer sk-forwarded"), ("x-custom", "yes")));
        var id = response.Headers.GetValues("x-mock-request-id").Single();
        using var other = await fixture.PostAsync("/x/name=someone-else/v1/chat/completions", body);

        // Status and content are on record before the client sees the answer; the outcome settles just after.
        var recorded = await GetJsonAsync("/_mock/requests?name=recorded&outcome=completed&min_count=1&wait_ms=10000");

        recorded.GetArrayLength().Should().Be(1);
        var entry = recorded[0];
        entry.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(id);
        entry.GetProperty("method").GetString().Should().Be("POST");
        entry.GetProperty("path").GetString().Should().Be("/x/name=recorded/v1/chat/completions?trace=1");
        entry.GetProperty("headers").GetProperty("authorization").GetString().Should().Be("Bearer sk-forwarded");
        entry.GetProperty("headers").GetProperty("x-custom").GetString().Should().Be("yes");
        entry.GetProperty("body").GetString().Should().Be(body);
        entry.GetProperty("model").GetString().Should().Be("gpt-4o");
        entry.GetProperty("outcome").GetString().Should().Be("completed");
        entry.GetProperty("status").GetInt32().Should().Be(200);
    }

    [Fact]
    public async Task Requests_AreKeptNewestLast_AndDeleteClearsThem()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await fixture.PostAsync("/x/name=order/v1/embeddings", $$"""{"model":"e{{i}}","input":"x","dimensions":2}""");
        }

        var recorded = await GetJsonAsync("/_mock/requests?name=order");
        recorded.EnumerateArray().Select(r => r.GetProperty("model").GetString()).Should().Equal("e0", "e1", "e2");

        using var deleted = await fixture.Http.DeleteAsync(new Uri("/_mock/requests", UriKind.Relative));
        (await GetJsonAsync("/_mock/requests?name=order")).GetArrayLength().Should().Be(0);
        (await GetJsonAsync("/_mock/stats")).GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Stats_CountByStatus()
    {
        using var deleted = await fixture.Http.DeleteAsync(new Uri("/_mock/requests", UriKind.Relative));
        using var ok = await fixture.PostAsync("/v1/chat/completions", """{"model":"m","messages":[]}""");
        using var failed = await fixture.PostAsync("/x/fail=503/v1/chat/completions", """{"model":"m","messages":[]}""");
        (await GetJsonAsync("/_mock/requests?outcome=completed&min_count=2&wait_ms=10000")).GetArrayLength().Should().Be(2);

        var stats = await GetJsonAsync("/_mock/stats");

        stats.GetProperty("total").GetInt64().Should().Be(2);
        stats.GetProperty("by_status").GetProperty("200").GetInt64().Should().Be(1);
        stats.GetProperty("by_status").GetProperty("503").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task WaitFor_AMatchOnTheBody_EndsWhenTheBodyArrives_NotAtTheAnswer()
    {
        var marker = "late-body-" + Guid.NewGuid().ToString("N");
        var content = new HeldBackContent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/x/name=late-body/hang=1/v1/chat/completions", UriKind.Relative)) { Content = content };
        using var cancel = new CancellationTokenSource();
        var sent = fixture.Http.SendAsync(request, cancel.Token);
        try
        {
            // The request is on record (headers in) while its body is still held back by the client.
            (await fixture.Server.Requests.WaitForAsync(r => r.Name == "late-body", 1, TimeSpan.FromSeconds(10))).Should().ContainSingle();
            var bodySeen = fixture.Server.Requests.WaitForAsync(r => r.Body.Contains(marker, StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30));
            bodySeen.IsCompleted.Should().BeFalse("the body has not been sent yet");

            var clock = System.Diagnostics.Stopwatch.StartNew();
            content.Release();

            // The answer never comes (hang=1), and a timed-out wait still returns what matches then: only how soon it
            // returns shows that the body's arrival woke it.
            (await bodySeen).Should().ContainSingle();
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the wait ends when the body is on record, not at its 30 s timeout");
        }
        finally
        {
            await cancel.CancelAsync();
            await FluentActions.Awaiting(() => sent).Should().ThrowAsync<OperationCanceledException>();
        }
    }

    /// <summary>A request body that is written only when the test says so; the headers go out before it.</summary>
    private sealed class HeldBackContent(string json) : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.FlushAsync();
            await _release.Task;
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task Requests_WithBadOutcomeFilter_Is400()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/_mock/requests?outcome=exploded", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
