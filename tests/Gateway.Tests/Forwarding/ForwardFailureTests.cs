using System.Net;
using System.Net.Sockets;
using Switchyard.Domain.Providers;
using Switchyard.Gateway.Forwarding;
using Switchyard.MockProvider.Recording;
using static Switchyard.Gateway.Tests.Forwarding.ForwardingTestData;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>Every way an attempt can fail before anything reaches the client, as values.</summary>
public sealed class ForwardFailureTests(MockUpstreamFixture fixture) : IClassFixture<MockUpstreamFixture>
{
    private readonly UpstreamForwarder _forwarder = fixture.Forwarder;

    [Fact]
    public async Task SendAsync_ClosedPort_IsConnectFailed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var upstream = await _forwarder.SendAsync(Call(Target(ProviderKind.OpenAI, $"http://127.0.0.1:{port}/v1")), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.ConnectFailed);
        upstream.StatusCode.Should().Be(0);
        upstream.IsRetryable().Should().BeTrue();
        upstream.HasBody.Should().BeFalse();
        upstream.ErrorMessage.Should().Contain($"127.0.0.1:{port}").And.NotContain(Secret);
    }

    [Fact]
    public async Task SendAsync_SlowHeaders_IsTimeoutAndTheUpstreamIsCancelled()
    {
        var name = UniqueName();
        var call = Call(OpenAi(fixture.Mock, $"name={name}", "delay_ms=60000")) with { Timeout = TimeSpan.FromSeconds(1) };

        using var upstream = await _forwarder.SendAsync(call, CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.Timeout);
        upstream.IsRetryable().Should().BeTrue();
        upstream.ErrorMessage.Should().Contain("within 1 s");
        (await RecordedAsync(fixture.Mock, name)).Outcome.Should().Be(RequestOutcome.ClientAborted);
    }

    [Fact]
    public async Task SendAsync_HangingUpstream_IsTimeout()
    {
        var call = Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "hang=1")) with { Timeout = TimeSpan.FromMilliseconds(500) };

        using var upstream = await _forwarder.SendAsync(call, CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.Timeout);
    }

    [Fact]
    public async Task SendAsync_StreamWithoutFirstByte_IsFirstByteTimeout()
    {
        var name = UniqueName();
        var call = Call(OpenAi(fixture.Mock, $"name={name}", "first_byte_ms=60000"), ChatBody(stream: true), stream: true) with
        {
            FirstByteTimeout = TimeSpan.FromSeconds(1),
        };

        using var upstream = await _forwarder.SendAsync(call, CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.Timeout);
        upstream.ErrorMessage.Should().Contain("first byte");
        (await RecordedAsync(fixture.Mock, name)).Outcome.Should().Be(RequestOutcome.ClientAborted);
    }

    [Fact]
    public async Task SendAsync_FirstByteWithinTheTimeout_Succeeds()
    {
        var call = Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "first_byte_ms=50"), ChatBody(stream: true), stream: true) with
        {
            FirstByteTimeout = TimeSpan.FromSeconds(10),
        };

        using var upstream = await _forwarder.SendAsync(call, CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.None);
        upstream.FirstByte.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(40));
        upstream.HeadersTime.Should().BeLessThanOrEqualTo(upstream.FirstByte!.Value);
    }

    [Fact]
    public async Task SendAsync_503_IsRetryableUpstreamStatusWithTheBody()
    {
        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "fail=503")), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.UpstreamStatus);
        upstream.StatusCode.Should().Be(503);
        upstream.IsRetryable().Should().BeTrue();
        upstream.RetryAfter.Should().BeNull();
        upstream.ErrorBody.Should().Contain("Injected failure 503");
        upstream.ErrorMessage.Should().StartWith("HTTP 503: Injected failure 503");
    }

    [Fact]
    public async Task SendAsync_429_ParsesRetryAfter()
    {
        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "fail=429", "retry_after=7")), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.UpstreamStatus);
        upstream.StatusCode.Should().Be(429);
        upstream.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        upstream.IsRetryable().Should().BeTrue();
        upstream.IsRetryable([500]).Should().BeFalse("a group that retries only on 500 does not retry a 429");
    }

    [Fact]
    public async Task CopyToAsync_NonRetryable400_PassesTheUpstreamAnswerThrough()
    {
        using var upstream = await _forwarder.SendAsync(
            Call(OpenAi(fixture.Mock, $"name={UniqueName()}"), """{"model":"m"}"""u8.ToArray()), CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        upstream.Error.Should().Be(ForwardError.UpstreamStatus);
        upstream.StatusCode.Should().Be(400);
        upstream.IsRetryable().Should().BeFalse();
        client.Response.StatusCode.Should().Be(400);
        client.Body.Should().Be(upstream.ErrorBody);
        client.Body.Should().Contain("'messages' is required");
        outcome.Completed.Should().BeTrue();
        outcome.PromptTokens.Should().BeNull();
    }

    [Fact]
    public async Task SendAsync_ConnectionResetBeforeAnswer_IsUpstreamBrokeOff()
    {
        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "fail=reset")), CancellationToken.None);

        upstream.Error.Should().Be(ForwardError.UpstreamBrokeOff);
        upstream.IsRetryable().Should().BeTrue();
    }

    [Fact]
    public async Task SendAsync_WrongKey_Is401WithoutTheSecretInTheMessage()
    {
        using var upstream = await _forwarder.SendAsync(
            Call(OpenAi(fixture.Mock, $"name={UniqueName()}", "require_key=the-right-key")), CancellationToken.None);

        upstream.StatusCode.Should().Be(401);
        upstream.IsRetryable().Should().BeFalse();
        upstream.ErrorBody.Should().NotContain(Secret);
    }

    [Fact]
    public async Task SendAsync_CallerAlreadyCancelled_IsClientAborted()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        using var upstream = await _forwarder.SendAsync(Call(OpenAi(fixture.Mock, $"name={UniqueName()}")), cancelled.Token);

        upstream.Error.Should().Be(ForwardError.ClientAborted);
        upstream.IsRetryable().Should().BeFalse();
    }

    [Fact]
    public async Task CopyToAsync_FailedSend_WritesNothing()
    {
        using var upstream = await _forwarder.SendAsync(Call(Target(ProviderKind.OpenAI, "http://127.0.0.1:1/v1")), CancellationToken.None);
        var (outcome, client) = await ClientResponse.CopyAsync(_forwarder, upstream);

        outcome.Completed.Should().BeFalse();
        outcome.Error.Should().Be(upstream.Error);
        client.Body.Should().BeEmpty();
    }

    [Fact]
    public void Redact_EchoedSecret_IsMasked()
    {
        UpstreamForwarder.Redact($"Incorrect API key provided: {Secret}.", Secret).Should().Be("Incorrect API key provided: ***.");
        UpstreamForwarder.Redact("nothing to hide", null).Should().Be("nothing to hide");
    }
}
