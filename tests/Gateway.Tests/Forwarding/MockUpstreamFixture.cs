using Microsoft.Extensions.Options;
using Switchyard.Gateway.Forwarding;
using Switchyard.MockProvider;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>One mock provider and one forwarder per test class; tests tell their requests apart by a unique <c>name=</c>.</summary>
public sealed class MockUpstreamFixture : IAsyncLifetime
{
    public MockProviderServer Mock { get; private set; } = null!;

    public UpstreamForwarder Forwarder { get; } = new(Options.Create(new UpstreamForwarderOptions()), TimeProvider.System);

    public async Task InitializeAsync()
    {
        Mock = await MockProviderServer.StartAsync();

        // A first exchange opens a pooled connection and warms both sides up, so short timeouts in tests measure
        // the upstream's delay rather than a cold start.
        var warmUp = new UpstreamCall
        {
            Target = ForwardingTestData.OpenAi(Mock, "name=warmup"),
            Endpoint = GatewayEndpoint.Models,
        };
        using var response = await Forwarder.SendAsync(warmUp, CancellationToken.None);
        response.Error.Should().Be(ForwardError.None);
    }

    public async Task DisposeAsync()
    {
        Forwarder.Dispose();
        await Mock.DisposeAsync();
    }
}
