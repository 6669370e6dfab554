using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Switchyard.Gateway.Tests.Scheduling;

/// <summary>The gateway turns Kestrel's inline scheduling on, which <see cref="Switchyard.Gateway.Pipeline.InlineGate"/> relies on, and a setting turns it off.</summary>
public sealed class InlineSchedulingDefaultTests
{
    [Fact]
    public async Task ByDefault_KestrelSchedulesInline()
    {
        await using var app = GatewayApp.Build(["--ConnectionStrings:Postgres=Host=127.0.0.1"]);

        app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling.Should().BeTrue();
    }

    [Fact]
    public async Task ConfiguredOff_KestrelHandsRequestsToTheThreadPool()
    {
        await using var app = GatewayApp.Build(["--ConnectionStrings:Postgres=Host=127.0.0.1", "--Kestrel:Sockets:UnsafePreferInlineScheduling=false"]);

        app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling.Should().BeFalse();
    }
}
