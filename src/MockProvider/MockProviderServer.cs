using Switchyard.MockProvider.Recording;
using Switchyard.MockProvider.Scenario;

namespace Switchyard.MockProvider;

/// <summary>
/// The mock provider running in-process on a real loopback port, for functional tests and benchmarks.
/// </summary>
public sealed class MockProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MockProviderServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>What the server received; the same data as <c>GET /_mock/requests</c>, without HTTP.</summary>
    public RequestLog Requests => _app.Services.GetRequiredService<RequestLog>();

    /// <summary>Starts the mock on 127.0.0.1; port 0 picks a free port.</summary>
    /// <param name="port">The loopback port; 0 lets the system pick a free one (see <see cref="BaseUri"/>).</param>
    /// <param name="configure">Optional changes to the builder, e.g. configuration or a different <see cref="TimeProvider"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<MockProviderServer> StartAsync(
        int port = 0,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var app = MockProviderApp.Build(["--urls", $"http://127.0.0.1:{port}"], configure);
        try
        {
            await app.StartAsync(cancellationToken);
            // With port 0 Kestrel reports the port it actually bound.
            var address = app.Urls.First();
            return new MockProviderServer(app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>An OpenAI-style base URL on this server, e.g. <c>OpenAiBaseUrl("name=a", "delay_ms=200")</c>.</summary>
    public Uri OpenAiBaseUrl(params string[] options) => MockUrls.OpenAi(BaseUri, options);

    /// <summary>The root with options, for Azure (resource endpoint) and Anthropic (API root) connections.</summary>
    public Uri RootUrl(params string[] options) => MockUrls.Root(BaseUri, options);

    /// <summary>Forgets recorded requests, counters, and fault state (<c>fail_first</c> counts, seeded sequences).</summary>
    public void Reset()
    {
        Requests.Clear();
        _app.Services.GetRequiredService<FaultInjector>().Reset();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
