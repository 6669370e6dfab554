using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Switchyard.MockProvider.Recording;

namespace Switchyard.MockProvider.Tests;

public sealed class FaultInjectionTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"Hi"}]}""";
    private const string StreamChat = """{"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]}""";

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Fail_Status_AlwaysAnswersThatStatusWithOpenAiError(int status)
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await fixture.PostAsync($"/x/fail={status}/v1/chat/completions", Chat);

            ((int)response.StatusCode).Should().Be(status);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            error.GetProperty("type").GetString().Should().Be("server_error");
        }
    }

    [Fact]
    public async Task Fail_429WithRetryAfter_SendsRetryAfterHeader()
    {
        using var response = await fixture.PostAsync("/x/fail=429/retry_after=2/v1/chat/completions", Chat);

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("type").GetString().Should().Be("requests");
    }

    [Fact]
    public async Task Fail_AtRateWithSeed_FailsThatFractionWithinChiSquareBound()
    {
        const int total = 1000;
        const double rate = 0.3;
        var failures = 0;
        for (var i = 0; i < total; i++)
        {
            using var response = await fixture.PostAsync("/x/name=rate/fail=503@0.3/seed=42/v1/chat/completions", Chat);
            failures += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        // Chi-square with one degree of freedom; 10.83 is the 0.1 % critical value.
        var expectedFail = total * rate;
        var expectedOk = total * (1 - rate);
        var chiSquare = (Math.Pow(failures - expectedFail, 2) / expectedFail) + (Math.Pow(total - failures - expectedOk, 2) / expectedOk);
        chiSquare.Should().BeLessThan(10.83, $"{failures} of {total} failed");
    }

    [Fact]
    public async Task Fail_AtRateWithSameSeed_GivesTheSameSequenceForEachScenario()
    {
        async Task<string> SequenceAsync(string name)
        {
            var outcomes = new List<char>();
            for (var i = 0; i < 40; i++)
            {
                using var response = await fixture.PostAsync($"/x/name={name}/fail=500@0.5/seed=7/v1/chat/completions", Chat);
                outcomes.Add(response.IsSuccessStatusCode ? '.' : 'x');
            }

            return new string([.. outcomes]);
        }

        var first = await SequenceAsync("seq-a");
        var second = await SequenceAsync("seq-b");

        second.Should().Be(first);
        first.Should().Contain(".").And.Contain("x");
    }

    [Fact]
    public async Task FailFirst_FailsOnlyTheFirstRequestsThenRecovers()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await fixture.PostAsync("/x/name=recovering/fail=502/fail_first=2/v1/chat/completions", Chat);
            statuses.Add(response.StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Fail_Reset_BreaksTheConnectionBeforeAnyResponse()
    {
        var act = () => fixture.PostAsync("/x/name=resetter/fail=reset/v1/chat/completions", Chat);

        await act.Should().ThrowAsync<HttpRequestException>();
        var recorded = await fixture.Server.Requests.WaitForAsync(
            r => r.Name == "resetter" && r.Outcome != RequestOutcome.InProgress, 1, TimeSpan.FromSeconds(10));
        recorded.Should().ContainSingle().Which.Outcome.Should().Be(RequestOutcome.ServerAborted);
    }

    [Fact]
    public async Task DelayMs_HoldsTheResponseAtLeastThatLong()
    {
        var watch = Stopwatch.StartNew();
        using var response = await fixture.PostAsync("/x/delay_ms=300/v1/chat/completions", Chat);

        response.StatusCode.Should().Be(HttpStatusCode.OK);

        // Timers tick in whole milliseconds and may fire a hair early; the request's own transit is sub-millisecond.
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task FirstByteMs_SendsStreamHeadersAtOnceAndTheFirstChunkLater()
    {
        var watch = Stopwatch.StartNew();
        using var response = await fixture.PostAsync("/x/first_byte_ms=2000/v1/chat/completions", StreamChat, HttpCompletionOption.ResponseHeadersRead);
        var headersAfter = watch.Elapsed;

        await using var events = SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();
        var firstChunkAfter = watch.Elapsed;

        firstChunkAfter.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1990));
        (firstChunkAfter - headersAfter).Should().BeGreaterThan(TimeSpan.FromMilliseconds(1500), "headers are flushed before the wait");
    }

    [Fact]
    public async Task CutAfter_BreaksTheStreamAfterNContentChunksWithoutDone()
    {
        using var response = await fixture.PostAsync("/x/name=cutter/cut_after=2/v1/chat/completions", StreamChat, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var received = new List<SseEvent>();
        var read = async () =>
        {
            await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()))
            {
                received.Add(e);
            }
        };

        await read.Should().ThrowAsync<IOException>();
        received.Should().HaveCount(1 + 2, "the role chunk and two content chunks");
        received.Should().NotContain(e => e.IsDone);

        var recorded = await fixture.Server.Requests.WaitForAsync(
            r => r.Name == "cutter" && r.Outcome != RequestOutcome.InProgress, 1, TimeSpan.FromSeconds(10));
        recorded.Should().ContainSingle().Which.Outcome.Should().Be(RequestOutcome.ServerAborted);
    }

    [Fact]
    public async Task CutAfter_UnderConcurrency_AlwaysDeliversThePromisedChunksBeforeTheBreak()
    {
        async Task<int> ContentChunksBeforeBreakAsync()
        {
            using var response = await fixture.PostAsync("/x/cut_after=3/chunks=10/v1/chat/completions", StreamChat, HttpCompletionOption.ResponseHeadersRead);
            var count = 0;
            try
            {
                await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync()))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                return count - 1;
            }

            return -1;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => ContentChunksBeforeBreakAsync()));

        results.Should().AllSatisfy(r => r.Should().Be(3));
    }

    [Fact]
    public async Task CutAfter_OnNonStreamedAnswer_BreaksTheBody()
    {
        using var response = await fixture.PostAsync("/x/cut_after=0/v1/chat/completions", Chat, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var read = () => response.Content.ReadAsStringAsync();

        (await read.Should().ThrowAsync<HttpRequestException>()).WithInnerException<IOException>();
    }

    [Fact]
    public async Task Hang_NeverAnswersAndRecordsTheClientGivingUp()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var act = () => fixture.Http.SendAsync(
            MockServerFixture.Post("/x/name=hanger/hang=1/v1/chat/completions", Chat), timeout.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        var recorded = await fixture.Server.Requests.WaitForAsync(
            r => r.Name == "hanger" && r.Outcome == RequestOutcome.ClientAborted, 1, TimeSpan.FromSeconds(10));
        recorded.Should().ContainSingle().Which.Status.Should().BeNull();
    }

    [Theory]
    [InlineData("/x/bogus=1/v1/chat/completions", "Unknown mock option 'bogus'")]
    [InlineData("/x/delay_ms=soon/v1/chat/completions", "Invalid value 'soon'")]
    [InlineData("/x/fail=503@1.5/v1/chat/completions", "Invalid value '503@1.5'")]
    [InlineData("/x/fail=200/v1/chat/completions", "Invalid value '200'")]
    [InlineData("/x/name=a/name=b/v1/chat/completions", "more than once")]
    public async Task InvalidOption_Is400SayingWhy(string path, string message)
    {
        using var response = await fixture.PostAsync(path, Chat);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("message").GetString().Should().Contain(message);
    }

    [Fact]
    public async Task RequireKey_RejectsMissingAndWrongBearerAndAcceptsTheRightOne()
    {
        const string path = "/x/require_key=sk-right/v1/chat/completions";

        using var missing = await fixture.PostAsync(path, Chat);
        using var wrong = await fixture.SendAsync(MockServerFixture.Post(path, Chat, ("Authorization", "Bearer sk-wrong")));
        using var right = await fixture.SendAsync(MockServerFixture.Post(path, Chat, ("Authorization", "Bearer sk-right")));

        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        right.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("code").GetString().Should().Be("invalid_api_key");
    }
}
