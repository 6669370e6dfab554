using System.Net;
using System.Net.Sockets;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Functional;

/// <summary>
/// The gateway remembers the last key hash per client connection (Kestrel repeats a header as the same string on a
/// keep-alive connection). Different keys taking turns on one connection must each be judged as themselves.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class KeysOnOneConnectionTests(GatewayFixture gateway)
{
    [Fact]
    public async Task KeysTakingTurnsOnOneConnection_AreEachJudgedAsThemselves()
    {
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = gateway.GatewayUri };
        var group = $"\"load_balance_group\":{{\"group_id\":\"{gateway.SplitGroupId}\"}}";

        (await SendAsync(http, group, gateway.Key)).Should().Be((HttpStatusCode.OK, gateway.SplitGroupId));
        (await SendAsync(http, group, gateway.OtherKey)).Should().Be((HttpStatusCode.NotFound, "group_not_found"));
        (await SendAsync(http, group, "sk-swy-thisisnotarealkey000000000000000000000000")).Should().Be((HttpStatusCode.Unauthorized, "invalid_api_key"));
        (await SendAsync(http, group, gateway.Key)).Should().Be((HttpStatusCode.OK, gateway.SplitGroupId));
        (await SendAsync(http, group, gateway.RevokedKey)).Should().Be((HttpStatusCode.Unauthorized, "revoked_api_key"));
        (await SendAsync(http, group, gateway.Key, asApiKeyHeader: true)).Should().Be((HttpStatusCode.OK, gateway.SplitGroupId));
        (await SendAsync(http, group, gateway.Key)).Should().Be((HttpStatusCode.OK, gateway.SplitGroupId));

        connections.Should().Be(1, "every request must have shared one keep-alive connection for this test to mean anything");
    }

    private async Task<(HttpStatusCode Status, string? Code)> SendAsync(HttpClient http, string fields, string key, bool asApiKeyHeader = false)
    {
        using var request = gateway.Post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + fields + "}", key);
        if (asApiKeyHeader)
        {
            request.Headers.Authorization = null;
            request.Headers.Add("x-api-key", key);
        }

        using var response = await http.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            // The answer names the group it went through: the first key's organization's.
            await response.Content.ReadAsStringAsync();
            return (response.StatusCode, response.Header(GatewayHeaders.Group).Split(';')[0]);
        }

        return (response.StatusCode, (await response.ReadErrorAsync()).Code);
    }
}
