using System.Text;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Forwarding;
using Switchyard.MockProvider;
using Switchyard.MockProvider.Recording;

namespace Switchyard.Gateway.Tests.Forwarding;

internal static class ForwardingTestData
{
    public const string Secret = "sk-upstream-secret-1234";
    public const string Model = "gpt-test";

    public static string UniqueName() => "t" + Guid.NewGuid().ToString("N")[..16];

    public static RouteTarget Target(ProviderKind kind, string baseUrl, string model = Model, string? deployment = null, string? apiVersion = null) =>
        new(new ConnectionRoute(Guid.NewGuid(), "conn", kind, baseUrl, AzureDeployment: deployment, AzureApiVersion: apiVersion), model);

    public static RouteTarget OpenAi(MockProviderServer mock, params string[] options) =>
        Target(ProviderKind.OpenAICompatible, mock.OpenAiBaseUrl(options).ToString());

    public static RouteTarget Anthropic(MockProviderServer mock, params string[] options) =>
        Target(ProviderKind.Anthropic, mock.RootUrl(options).ToString(), "claude-test");

    public static byte[] ChatBody(bool stream = false, bool includeUsage = false, string model = Model)
    {
        var options = includeUsage ? ""","stream_options":{"include_usage":true}""" : string.Empty;
        return Encoding.UTF8.GetBytes(
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi there"}],"temperature":0.7000,"stream":{{(stream ? "true" : "false")}}{{options}}}""");
    }

    public static UpstreamCall Call(RouteTarget target, byte[]? body = null, bool stream = false, GatewayEndpoint endpoint = GatewayEndpoint.ChatCompletions) => new()
    {
        Target = target,
        Secret = Secret,
        Endpoint = endpoint,
        Body = body ?? ChatBody(stream),
        Stream = stream,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The one request the mock received under <paramref name="name"/>, once it finished.</summary>
    public static async Task<RecordedRequest> RecordedAsync(MockProviderServer mock, string name)
    {
        var requests = await mock.Requests.WaitForAsync(r => r.Name == name && r.Outcome != RequestOutcome.InProgress, 1, TimeSpan.FromSeconds(15));
        requests.Should().ContainSingle($"the mock should have received exactly one request named {name}");
        return requests[0];
    }

    public static string ExpectedReply(string name, string model) => $"Hello from mock provider '{name}' serving model '{model}'.";
}
