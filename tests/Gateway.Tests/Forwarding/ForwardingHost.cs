using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>
/// A tiny Kestrel app standing in for the gateway's endpoint: <c>POST /forward/{id}</c> sends the registered call
/// with the request's RequestAborted and copies the answer, reporting both steps to the test.
/// </summary>
public sealed class ForwardingHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Scenario> _scenarios;

    private ForwardingHost(WebApplication app, ConcurrentDictionary<string, Scenario> scenarios, Uri baseUri)
    {
        _app = app;
        _scenarios = scenarios;
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public static async Task<ForwardingHost> StartAsync(UpstreamForwarder forwarder)
    {
        var scenarios = new ConcurrentDictionary<string, Scenario>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/forward/{id}", async (HttpContext context, string id) =>
        {
            var scenario = scenarios[id];
            var call = scenario.PassClientHeaders ? scenario.Call with { Headers = ForwardedClientHeaders.Select(new HttpContextExchange(context)) } : scenario.Call;
            try
            {
                using var upstream = await forwarder.SendAsync(call, context.RequestAborted);
                scenario.Sent.TrySetResult(new SentFacts(upstream.Error, upstream.StatusCode, upstream.RetryAfter, upstream.ErrorBody, upstream.ErrorMessage));
                if (!upstream.HasBody)
                {
                    context.Response.StatusCode = 599;
                    scenario.Copied.TrySetResult(null);
                    return;
                }

                scenario.Copied.TrySetResult(await forwarder.CopyToAsync(upstream, new HttpContextExchange(context), context.RequestAborted));
            }
            catch (Exception ex)
            {
                scenario.Sent.TrySetException(ex);
                scenario.Copied.TrySetException(ex);
                throw;
            }
        });

        await app.StartAsync();
        return new ForwardingHost(app, scenarios, new Uri(app.Urls.First()));
    }

    public Scenario Add(UpstreamCall call, bool passClientHeaders = false)
    {
        var scenario = new Scenario(Guid.NewGuid().ToString("N"), call, passClientHeaders);
        _scenarios[scenario.Id] = scenario;
        return scenario;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class Scenario(string id, UpstreamCall call, bool passClientHeaders)
    {
        public string Id { get; } = id;
        public UpstreamCall Call { get; } = call;
        public bool PassClientHeaders { get; } = passClientHeaders;
        public string Path => $"/forward/{Id}";
        public TaskCompletionSource<SentFacts> Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<CopyOutcome?> Copied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<CopyOutcome?> CopiedAsync() => Copied.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public sealed record SentFacts(ForwardError Error, int StatusCode, TimeSpan? RetryAfter, string? ErrorBody, string? ErrorMessage);
}
