using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Gateway.Tests.Functional;

namespace Switchyard.Gateway.Tests.Http1;

/// <summary>The own server with a gateway of each test's own: what passes through ASP.NET Core, timeouts, shutdown.</summary>
public sealed class Http1ServerLifecycleTests
{
    private const string ChatBody = "{\"model\":\"alpha/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    [Fact]
    public async Task ProxyRequests_SkipAspNetCore_OtherRequestsGoThroughIt()
    {
        var seen = Channel.CreateUnbounded<string>();
        var gateway = await StartAsync(configure: builder =>
            builder.Services.AddSingleton<IStartupFilter>(new PathWatch(path => seen.Writer.TryWrite(path))));
        try
        {
            using (var chat = await gateway.ChatAsync("\"model\":\"alpha/gpt-4o-mini\""))
            {
                chat.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            using (var models = await gateway.Http.SendAsync(Authorized(gateway, HttpMethod.Get, "/v1/models")))
            {
                models.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            // The watch records a request as it enters the pipeline; /v1/models is the second request, so when it has
            // been seen, the chat request before it would have been too.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var first = await seen.Reader.ReadAsync(timeout.Token);
            first.Should().Be("/v1/models");
            seen.Reader.TryRead(out var more).Should().BeFalse($"nothing else went through ASP.NET Core, but {more} did");
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task HeadersThatNeverEnd_AreCutOffAfterTheHeadersTimeout()
    {
        var gateway = await StartAsync("--Gateway:Http1:RequestHeadersTimeoutSeconds=1");
        try
        {
            using var connection = await RawHttpConnection.OpenAsync(gateway.GatewayUri);

            await connection.SendAsync("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nX-Slow: ");

            (await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(15))).Should().BeTrue();
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Shutdown_FinishesTheRequestInProgress_AndClosesIdleConnections()
    {
        var gateway = await StartAsync();
        try
        {
            using var idle = await RawHttpConnection.OpenAsync(gateway.GatewayUri);
            await idle.SendAsync("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
            (await idle.ReadAnswerAsync()).Status.Should().Be(200);

            var marker = "shutdown-" + Guid.NewGuid().ToString("N");
            using var busy = await RawHttpConnection.OpenAsync(gateway.GatewayUri);
            var body = $"{{\"model\":\"slow/gpt-4o-mini\",\"user\":\"{marker}\",\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}";
            await busy.SendAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {gateway.Key}\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            await gateway.Mock.Requests.WaitForAsync(r => r.Body.Contains(marker, StringComparison.Ordinal), 1, TimeSpan.FromSeconds(10));

            var stopping = gateway.Gateway.StopAsync();
            (await idle.IsClosedByServerAsync(TimeSpan.FromSeconds(10))).Should().BeTrue("an idle connection is closed as soon as the server stops");
            var answer = await busy.ReadAnswerAsync();
            await stopping;

            answer.Status.Should().Be(200, "a request in progress is finished before the server stops");
            answer.Header("Connection").Should().Be("close", answer.Head);
            (await busy.IsClosedByServerAsync()).Should().BeTrue();
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    private static async Task<GatewayFixture> StartAsync(string? extraArg = null, Action<WebApplicationBuilder>? configure = null)
    {
        var gateway = new GatewayFixture { ExtraArgs = extraArg is null ? [] : [extraArg], Configure = configure };
        await gateway.InitializeAsync();
        return gateway;
    }

    private static HttpRequestMessage Authorized(GatewayFixture gateway, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.Key);
        return request;
    }

    /// <summary>First in the pipeline: reports the path of every request that enters ASP.NET Core.</summary>
    private sealed class PathWatch(Action<string> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                seen(context.Request.Path.Value ?? string.Empty);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
