using Microsoft.Extensions.Options;
using Switchyard.Domain.Providers;
using Switchyard.Gateway.Forwarding;
using static Switchyard.Gateway.Tests.Forwarding.ForwardingTestData;
using Reply = Switchyard.Gateway.Tests.Forwarding.ScriptedUpstream.Reply;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>
/// The gateway's own HTTP/1.1 client (plain-http upstreams) against an upstream that does what real servers do:
/// keep connections alive or close them, chunk, answer in HTTP/1.0, send interim answers, break off.
/// </summary>
public sealed class Http1ClientTests : IDisposable
{
    private const string Completion = """{"id":"c1","object":"chat.completion","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}""";

    private readonly UpstreamForwarder _forwarder = new(Options.Create(new UpstreamForwarderOptions()), TimeProvider.System);

    public void Dispose() => _forwarder.Dispose();

    [Fact]
    public async Task Request_IsWrittenAsHttp11_WithHostLengthTypeAndCredential()
    {
        await using var upstream = new ScriptedUpstream(_ => Reply.Json(Completion));
        var body = ChatBody();

        var (outcome, client) = await SendAndCopyAsync(upstream, body);

        outcome.Completed.Should().BeTrue();
        client.Body.Should().Be(Completion);
        upstream.Requests.Should().ContainSingle();
        var seen = upstream.Requests.Single();
        seen.Head.Should().StartWith("POST /v1/chat/completions HTTP/1.1\r\n");
        seen.Header("Host").Should().Be($"127.0.0.1:{upstream.Port}");
        seen.Header("Content-Type").Should().Be("application/json");
        seen.Header("Content-Length").Should().Be(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        seen.Header("Authorization").Should().Be("Bearer " + Secret);
        seen.Header("User-Agent").Should().Be(new UpstreamForwarderOptions().UserAgent);
        seen.Body.Should().Be(System.Text.Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task KeptAliveConnection_ServesTheNextRequest()
    {
        await using var upstream = new ScriptedUpstream(_ => Reply.Json(Completion));

        for (var i = 0; i < 3; i++)
        {
            var (outcome, _) = await SendAndCopyAsync(upstream);
            outcome.Completed.Should().BeTrue();
        }

        upstream.Connections.Should().Be(1);
        upstream.Requests.Select(r => r.Request).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task PooledConnectionTheUpstreamClosed_IsReplaced_AndTheRequestSentAgain()
    {
        // Answers each connection's first request and closes it without saying so (no Connection: close), as a
        // server does whose keep-alive timeout is shorter than the gateway's.
        await using var upstream = new ScriptedUpstream(seen => Reply.Json(Completion, close: true));

        (await SendAndCopyAsync(upstream)).Outcome.Completed.Should().BeTrue();
        var (second, client) = await SendAndCopyAsync(upstream);

        second.Completed.Should().BeTrue();
        client.Body.Should().Be(Completion);
        upstream.Connections.Should().Be(2);
        upstream.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task ConnectionClose_TheNextRequestOpensANewConnection()
    {
        await using var upstream = new ScriptedUpstream(_ => Reply.Json(Completion, close: true, extraHeaders: "Connection: close\r\n"));

        (await SendAndCopyAsync(upstream)).Outcome.Completed.Should().BeTrue();
        (await SendAndCopyAsync(upstream)).Outcome.Completed.Should().BeTrue();

        upstream.Connections.Should().Be(2);
        upstream.Requests.Select(r => r.Request).Should().Equal(1, 1);
    }

    [Fact]
    public async Task ChunkedAnswer_IsDechunked_AndTheConnectionKept()
    {
        var half = Completion.Length / 2;
        await using var upstream = new ScriptedUpstream(_ => new Reply(
        [
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            $"{half:x};ext=1\r\n{Completion[..half]}\r\n",
            $"{Completion.Length - half:X}\r\n{Completion[half..]}\r\n",
            "0\r\nx-trailer: t\r\n\r\n",
        ]));

        var (first, client) = await SendAndCopyAsync(upstream);
        var (second, _) = await SendAndCopyAsync(upstream);

        first.Completed.Should().BeTrue();
        client.Body.Should().Be(Completion);
        second.Completed.Should().BeTrue();
        upstream.Connections.Should().Be(1);
    }

    [Fact]
    public async Task Http10AnswerWithoutLength_IsReadToTheClose()
    {
        await using var upstream = new ScriptedUpstream(_ => new Reply(["HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n", Completion], Close: true));

        var (outcome, client) = await SendAndCopyAsync(upstream);
        (await SendAndCopyAsync(upstream)).Outcome.Completed.Should().BeTrue();

        outcome.Completed.Should().BeTrue();
        client.Body.Should().Be(Completion);
        upstream.Connections.Should().Be(2, "an answer that ends with the connection cannot leave it for the next request");
    }

    [Fact]
    public async Task InterimAnswer_IsSkipped()
    {
        await using var upstream = new ScriptedUpstream(_ => new Reply(
        [
            "HTTP/1.1 100 Continue\r\n\r\n",
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Completion.Length}\r\n\r\n{Completion}",
        ]));

        var (outcome, client) = await SendAndCopyAsync(upstream);

        outcome.Completed.Should().BeTrue();
        client.Response.StatusCode.Should().Be(200);
        client.Body.Should().Be(Completion);
    }

    [Fact]
    public async Task AnswerHeaders_CrossAsThePolicySays_RepeatedOnesWhole()
    {
        await using var upstream = new ScriptedUpstream(_ => Reply.Json(Completion,
            extraHeaders: "x-request-id: up-1\r\nServer: upstream\r\nSet-Cookie: a=1\r\nx-ratelimit-remaining: 5\r\nx-multi: one\r\nx-multi: two\r\n"));

        var (_, client) = await SendAndCopyAsync(upstream);

        var headers = client.Response.Headers;
        headers["x-request-id"].ToString().Should().Be("up-1");
        headers["x-ratelimit-remaining"].ToString().Should().Be("5");
        headers["x-multi"].ToArray().Should().Equal("one", "two");
        headers.ContainsKey("Server").Should().BeFalse();
        headers.ContainsKey("Set-Cookie").Should().BeFalse();
        client.Response.ContentType.Should().Be("application/json");
    }

    [Fact]
    public async Task MalformedStatusLine_IsABrokenUpstream_ThatMayBeRetried()
    {
        await using var upstream = new ScriptedUpstream(_ => new Reply(["HTTP/9 nope\r\n\r\n"], Close: true));

        using var response = await _forwarder.SendAsync(Call(Target(ProviderKind.OpenAICompatible, upstream.BaseUrl)), CancellationToken.None);

        response.Error.Should().Be(ForwardError.UpstreamBrokeOff);
        response.IsRetryable().Should().BeTrue();
        response.ErrorMessage.Should().Contain($"127.0.0.1:{upstream.Port}");
    }

    [Fact]
    public async Task FreshConnectionClosedWithoutAnAnswer_FailsOnce_WithoutResending()
    {
        await using var upstream = new ScriptedUpstream(_ => new Reply([], Close: true));

        using var response = await _forwarder.SendAsync(Call(Target(ProviderKind.OpenAICompatible, upstream.BaseUrl)), CancellationToken.None);

        response.Error.Should().Be(ForwardError.UpstreamBrokeOff);
        upstream.Requests.Should().ContainSingle("only a reused connection is retried: a fresh one that fails means the upstream failed");
    }

    [Fact]
    public async Task BodyShorterThanItsLength_IsTruncated_AndTheConnectionNotReused()
    {
        await using var upstream = new ScriptedUpstream(seen => seen.Connection == 1
            ? new Reply([$"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Completion.Length + 50}\r\n\r\n{Completion}"], Close: true)
            : Reply.Json(Completion));

        var (outcome, _) = await SendAndCopyAsync(upstream);
        var (next, _) = await SendAndCopyAsync(upstream);

        outcome.Completed.Should().BeFalse();
        outcome.Truncated.Should().BeTrue();
        next.Completed.Should().BeTrue();
        upstream.Connections.Should().Be(2);
    }

    [Fact]
    public async Task SecretThatCannotBeAHeader_IsRejected_BeforeAnythingIsSent()
    {
        await using var upstream = new ScriptedUpstream(_ => Reply.Json(Completion));
        var call = Call(Target(ProviderKind.OpenAICompatible, upstream.BaseUrl)) with { Secret = "sk-one\r\nX-Injected: 1" };

        using var response = await _forwarder.SendAsync(call, CancellationToken.None);

        response.Error.Should().Be(ForwardError.RequestRejected);
        response.ErrorMessage.Should().NotContain("sk-one");
        upstream.Connections.Should().Be(0);
    }

    [Fact]
    public async Task Timeout_WhileWaitingForTheAnswer_ClosesTheConnection()
    {
        await using var upstream = new ScriptedUpstream(seen => seen.Connection == 1 ? new Reply([]) : Reply.Json(Completion));
        var call = Call(Target(ProviderKind.OpenAICompatible, upstream.BaseUrl)) with { Timeout = TimeSpan.FromMilliseconds(300) };

        using (var response = await _forwarder.SendAsync(call, CancellationToken.None))
        {
            response.Error.Should().Be(ForwardError.Timeout);
        }

        var (next, _) = await SendAndCopyAsync(upstream);
        next.Completed.Should().BeTrue();
        upstream.Connections.Should().Be(2, "the timed-out connection must not serve another request");
    }

    private async Task<(CopyOutcome Outcome, ClientResponse Client)> SendAndCopyAsync(ScriptedUpstream upstream, byte[]? body = null)
    {
        using var response = await _forwarder.SendAsync(Call(Target(ProviderKind.OpenAICompatible, upstream.BaseUrl), body), CancellationToken.None);
        response.Error.Should().Be(ForwardError.None, response.ErrorMessage);
        return await ClientResponse.CopyAsync(_forwarder, response);
    }
}
