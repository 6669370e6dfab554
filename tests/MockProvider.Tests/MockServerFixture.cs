using System.Net.Http.Headers;
using System.Text;

namespace Switchyard.MockProvider.Tests;

/// <summary>One mock server per test class, on a free loopback port, with a plain HttpClient pointed at it.</summary>
public sealed class MockServerFixture : IAsyncLifetime
{
    public MockProviderServer Server { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await MockProviderServer.StartAsync();
        Http = new HttpClient { BaseAddress = Server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return Http.SendAsync(request, completion);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        Http.SendAsync(request, completion);

    public static HttpRequestMessage Post(string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
