using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Switchyard.Gateway.Tests.Functional;

/// <summary>
/// On ASP.NET Core (Kestrel, <c>Gateway:Server=Kestrel</c>), the OpenAI endpoints run on singleton handlers and never
/// touch <c>HttpContext.RequestServices</c>, whose first use creates (and at the end disposes) a DI scope for the
/// request: work on every request's path for nothing (bench/README.md, "Changes and their measured effect"). The
/// gateway's own server skips ASP.NET Core for them altogether (Http1ServerTests).
/// </summary>
public sealed class RequestScopeTests : IAsyncLifetime
{
    private readonly Watch _watch = new();
    private readonly GatewayFixture _gateway;

    public RequestScopeTests()
    {
        _gateway = new GatewayFixture
        {
            ExtraArgs = ["--Gateway:Server=Kestrel"],
            Configure = builder => builder.Services.AddSingleton<IStartupFilter>(new WatchFilter(_watch)),
        };
    }

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task OpenAIEndpoints_DoNotUseRequestServices()
    {
        using (var group = await _gateway.ChatAsync($"\"load_balance_group\":{{\"group_id\":\"{_gateway.SplitGroupId}\"}}"))
        {
            group.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var model = await _gateway.ChatAsync("\"model\":\"alpha/gpt-4o-mini\""))
        {
            model.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var unknownGroup = await _gateway.ChatAsync("\"load_balance_group\":{\"group_id\":\"lbg_doesnotexist\"}"))
        {
            unknownGroup.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using (var badKey = await _gateway.ChatAsync("\"model\":\"alpha/gpt-4o-mini\"", "sk-swy-not-a-key"))
        {
            badKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var models = await _gateway.Http.SendAsync(Get("/v1/models")))
        {
            models.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var unknownEndpoint = await _gateway.Http.SendAsync(Get("/v1/nothing-here")))
        {
            unknownEndpoint.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        // The middleware records a request after its endpoint returned, which can be just after the client has the answer.
        var seen = await _watch.TakeAsync(6);
        var openAI = seen.Where(s => s.Path.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        openAI.Should().HaveCount(6);
        openAI.Should().OnlyContain(s => !s.UsedRequestServices);
    }

    [Fact]
    public async Task TheWatch_SeesAnEndpointThatUsesRequestServices()
    {
        // /metrics reads its options through RequestServices: proof that the watch above can see a use.
        using var metrics = await _gateway.Http.GetAsync("/metrics");
        metrics.StatusCode.Should().Be(HttpStatusCode.OK);

        var seen = await _watch.TakeAsync(1);
        seen.Should().ContainSingle(s => s.Path == "/metrics").Which.UsedRequestServices.Should().BeTrue();
    }

    private HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _gateway.Key);
        return request;
    }

    /// <summary>What the middleware saw, request by request, in order, to wait on.</summary>
    private sealed class Watch
    {
        private readonly Channel<(string Path, bool UsedRequestServices)> _seen = Channel.CreateUnbounded<(string, bool)>();

        public void Record(string path, bool usedRequestServices) => _seen.Writer.TryWrite((path, usedRequestServices));

        /// <summary>The next <paramref name="count"/> requests recorded, once they all are.</summary>
        public async Task<List<(string Path, bool UsedRequestServices)>> TakeAsync(int count)
        {
            var taken = new List<(string, bool)>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            for (var i = 0; i < count; i++)
            {
                taken.Add(await _seen.Reader.ReadAsync(timeout.Token));
            }

            return taken;
        }
    }

    /// <summary>First in the pipeline: wraps the request's service-provider feature to see whether anything asks for it.</summary>
    private sealed class WatchFilter(Watch watch) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var scopes = app.ApplicationServices.GetRequiredService<IServiceScopeFactory>();
            app.Use(async (context, nextMiddleware) =>
            {
                // The context creates its own feature only on first use, so the watch brings the same kind along.
                var watched = new WatchedServiceProviders(new RequestServicesFeature(context, scopes));
                context.Features.Set<IServiceProvidersFeature>(watched);
                await nextMiddleware(context);
                watch.Record(context.Request.Path.Value ?? string.Empty, watched.Used);
            });
            next(app);
        };
    }

    private sealed class WatchedServiceProviders(IServiceProvidersFeature inner) : IServiceProvidersFeature
    {
        public bool Used { get; private set; }

        public IServiceProvider RequestServices
        {
            get
            {
                Used = true;
                return inner.RequestServices;
            }

            set => inner.RequestServices = value;
        }
    }
}
