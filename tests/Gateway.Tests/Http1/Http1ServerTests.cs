using System.Diagnostics;
using System.Text;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Tests.Functional;

namespace Switchyard.Gateway.Tests.Http1;

/// <summary>
/// The gateway's own HTTP/1.1 server on the wire, byte for byte: keep-alive, pipelining, chunked bodies,
/// 100-continue, HTTP/1.0, refusals, streams, unread bodies, a client that leaves.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class Http1ServerTests(GatewayFixture gateway)
{
    private const string ChatBody = "{\"model\":\"alpha/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    [Fact]
    public async Task KeptAliveConnection_ServesRequestsOneAfterAnother()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        for (var i = 0; i < 3; i++)
        {
            await connection.SendAsync(Chat(ChatBody));
            var answer = await connection.ReadAnswerAsync();

            answer.Status.Should().Be(200);
            answer.Header("Content-Length").Should().Be(Encoding.UTF8.GetByteCount(answer.Body).ToString(System.Globalization.CultureInfo.InvariantCulture));
            answer.Header("Date").Should().NotBeNullOrEmpty();
            answer.Header("Server").Should().BeNull();
            answer.Header(GatewayHeaders.Target).Should().Be("alpha/gpt-4o-mini");
            answer.Body.Should().Contain("chat.completion");
        }
    }

    [Fact]
    public async Task PipelinedRequests_AreAnsweredInOrder()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);
        var first = ChatBody.Replace("hi", "first-pipelined", StringComparison.Ordinal);
        var second = "{\"model\":\"beta/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"second\"}]}";

        await connection.SendAsync(Chat(first) + Chat(second) + "GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");

        var answers = new[] { await connection.ReadAnswerAsync(), await connection.ReadAnswerAsync(), await connection.ReadAnswerAsync() };
        answers.Select(a => a.Status).Should().Equal(200, 200, 200);
        answers[0].Header(GatewayHeaders.Target).Should().Be("alpha/gpt-4o-mini");
        answers[1].Header(GatewayHeaders.Target).Should().Be("beta/gpt-4o-mini");
        answers[2].Body.Should().Be("ok");
    }

    [Fact]
    public async Task ChunkedRequestBody_IsProxiedWhole()
    {
        var marker = "chunked-" + Guid.NewGuid().ToString("N");
        var body = ChatBody.Replace("hi", marker, StringComparison.Ordinal);
        var chunked = new StringBuilder();
        for (var at = 0; at < body.Length; at += 17)
        {
            var piece = body.Substring(at, Math.Min(17, body.Length - at));
            chunked.Append(System.Globalization.CultureInfo.InvariantCulture, $"{piece.Length:x}\r\n{piece}\r\n");
        }

        chunked.Append("0\r\n\r\n");
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Head("POST", "/v1/chat/completions", "Transfer-Encoding: chunked") + chunked);
        var answer = await connection.ReadAnswerAsync();

        answer.Status.Should().Be(200, answer.Body);
        var recorded = await gateway.Mock.Requests.WaitForAsync(r => r.Body.Contains(marker, StringComparison.Ordinal), 1, TimeSpan.FromSeconds(10));
        recorded.Should().ContainSingle();
    }

    [Fact]
    public async Task ExpectContinue_GetsA100BeforeTheBodyIsSent()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Head("POST", "/v1/chat/completions", $"Content-Length: {ChatBody.Length}", "Expect: 100-continue"));
        var interim = await connection.ReadAnswerAsync(interim: true);
        await connection.SendAsync(ChatBody);
        var answer = await connection.ReadAnswerAsync();

        interim.Status.Should().Be(100);
        answer.Status.Should().Be(200);
    }

    [Fact]
    public async Task Http10Request_IsAnswered_ThenTheConnectionCloses()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync($"POST /v1/chat/completions HTTP/1.0\r\nAuthorization: Bearer {gateway.Key}\r\nContent-Length: {ChatBody.Length}\r\n\r\n{ChatBody}");
        var answer = await connection.ReadAnswerAsync();

        answer.Status.Should().Be(200);
        answer.Body.Should().Contain("chat.completion");
        (await connection.IsClosedByServerAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task ConnectionClose_IsHonoured()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Chat(ChatBody, "Connection: close"));
        var answer = await connection.ReadAnswerAsync();

        answer.Status.Should().Be(200);
        answer.Header("Connection").Should().Be("close");
        (await connection.IsClosedByServerAsync()).Should().BeTrue();
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 400)]
    [InlineData("GET / HTTP/3.0\r\nHost: gw\r\n\r\n", 505)]
    public async Task MalformedRequest_IsRefusedInTheOpenAIShape_AndTheConnectionClosed(string request, int status)
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(request);
        var answer = await connection.ReadAnswerAsync();

        answer.Status.Should().Be(status);
        answer.Header("Connection").Should().Be("close");
        answer.Header("Content-Type").Should().Be("application/json");
        answer.Body.Should().Contain("\"error\"").And.Contain("\"code\":\"invalid_http_request\"");
        (await connection.IsClosedByServerAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Stream_GoesOutChunked_AndTheConnectionStaysUsable()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Chat(ChatBody.Replace("}]}", "}],\"stream\":true}", StringComparison.Ordinal)));
        var stream = await connection.ReadAnswerAsync();
        await connection.SendAsync(Chat(ChatBody));
        var next = await connection.ReadAnswerAsync();

        stream.Status.Should().Be(200);
        stream.Header("Transfer-Encoding").Should().Be("chunked");
        stream.Header("Content-Type").Should().StartWith("text/event-stream");
        stream.Body.Should().Contain("chat.completion.chunk").And.EndWith("data: [DONE]\n\n");
        next.Status.Should().Be(200);
    }

    [Fact]
    public async Task HeadAnswer_HasNoBody_AndTheNextAnswerIsWhole()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync("HEAD /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
        var head = await connection.ReadAnswerAsync(headRequest: true);
        await connection.SendAsync("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
        var get = await connection.ReadAnswerAsync();

        head.Status.Should().Be(405, "the health endpoints map GET only, as on Kestrel");
        get.Status.Should().Be(200);
        get.Body.Should().Be("ok", "a HEAD answer must leave no body bytes behind to be mistaken for the next answer");
    }

    [Fact]
    public async Task UnreadSmallBody_IsSkipped_AndTheConnectionKept()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);
        var body = "{\"model\":\"alpha/gpt-4o-mini\",\"padding\":\"" + new string('p', 100_000) + "\"}";

        await connection.SendAsync(Head("POST", "/v1/chat/completions", $"Content-Length: {body.Length}", "Authorization: Bearer sk-swy-not-a-key") + body);
        var refused = await connection.ReadAnswerAsync();
        await connection.SendAsync(Chat(ChatBody));
        var next = await connection.ReadAnswerAsync();

        refused.Status.Should().Be(401);
        refused.Header("Connection").Should().BeNull();
        next.Status.Should().Be(200);
    }

    [Fact]
    public async Task UnreadLargeBody_ClosesTheConnectionAfterTheAnswer()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Head("POST", "/v1/chat/completions", "Content-Length: 10000000", "Authorization: Bearer sk-swy-not-a-key"));
        var refused = await connection.ReadAnswerAsync();

        refused.Status.Should().Be(401);
        refused.Header("Connection").Should().Be("close");
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_AndTheConnectionCloses()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Chat(ChatBody).Replace($"Content-Length: {ChatBody.Length}", "Content-Length: 17000000", StringComparison.Ordinal));
        var refused = await connection.ReadAnswerAsync();

        refused.Status.Should().Be(413);
        refused.Body.Should().Contain("request_too_large");
        refused.Header("Connection").Should().Be("close");
    }

    [Fact]
    public async Task QueryString_IsServedByTheProxyPath()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Chat(ChatBody).Replace("/v1/chat/completions HTTP", "/v1/chat/completions?api-version=1 HTTP", StringComparison.Ordinal));
        var answer = await connection.ReadAnswerAsync();

        answer.Status.Should().Be(200);
        answer.Header(GatewayHeaders.Target).Should().Be("alpha/gpt-4o-mini");
    }

    [Fact]
    public async Task OtherSpellingOfAPath_GoesToAspNetCore_AndIsAnsweredThere()
    {
        using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

        await connection.SendAsync(Chat(ChatBody).Replace("/v1/chat/completions HTTP", "/v1/CHAT/completions HTTP", StringComparison.Ordinal));
        var answer = await connection.ReadAnswerAsync();

        answer.Status.Should().Be(200, "ASP.NET Core's routing is case-insensitive and reaches the same handler");
        answer.Header(GatewayHeaders.Target).Should().Be("alpha/gpt-4o-mini");
        answer.Header("Content-Length").Should().NotBeNull();
    }

    [Fact]
    public async Task ClientThatLeaves_CancelsTheUpstreamCall()
    {
        var marker = "leaves-" + Guid.NewGuid().ToString("N");
        var body = "{\"model\":\"slow/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + "\"}]}";
        var clock = Stopwatch.StartNew();
        using (var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri))
        {
            await connection.SendAsync(Chat(body));
            await gateway.Mock.Requests.WaitForAsync(r => r.Body.Contains(marker, StringComparison.Ordinal), 1, TimeSpan.FromSeconds(10));
        }

        // The slow target answers after 3 s; an upstream call cancelled when the client left is recorded before that.
        var aborted = await gateway.Mock.Requests.WaitForAsync(
            r => r.Body.Contains(marker, StringComparison.Ordinal) && r.ClientAborted, 1, TimeSpan.FromSeconds(10));
        aborted.Should().ContainSingle();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2.5));
    }

    private string Chat(string body, string? extraHeader = null) =>
        Head("POST", "/v1/chat/completions", $"Content-Length: {Encoding.UTF8.GetByteCount(body)}", extraHeader) + body;

    private string Head(string method, string path, params string?[] headers)
    {
        var text = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: gateway.test\r\nContent-Type: application/json\r\n");
        if (!headers.Any(h => h?.StartsWith("Authorization", StringComparison.Ordinal) == true))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Authorization: Bearer {gateway.Key}\r\n");
        }

        foreach (var header in headers.Where(h => h is not null))
        {
            text.Append(header).Append("\r\n");
        }

        return text.Append("\r\n").ToString();
    }
}
