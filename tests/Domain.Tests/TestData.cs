using Switchyard.Domain.Groups;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests;

/// <summary>A small organization: three listed catalogs, one unlisted connection, two groups.</summary>
internal static class TestData
{
    public static readonly Guid OrgId = new("00000000-0000-0000-0000-0000000000a1");
    public static readonly Guid OtherOrgId = new("00000000-0000-0000-0000-0000000000b2");

    public const string MainGroup = "lbg_main00000001";
    public const string SecondGroup = "lbg_second000002";

    public static Connection Connection(string slug, ProviderKind kind = ProviderKind.OpenAI, Guid? orgId = null, params string[] models) => new()
    {
        OrganizationId = orgId ?? OrgId,
        Slug = slug,
        Kind = kind,
        BaseUrl = $"https://{slug}.example.test/v1",
        Models = [.. models],
        EncryptedSecret = [1, 2, 3],
        SecretLast4 = "abcd",
    };

    public static List<Connection> Connections() =>
    [
        Connection("openai-main", ProviderKind.OpenAI, null, "gpt-4o-mini", "gpt-4o"),
        Connection("azure-eu", ProviderKind.AzureOpenAI, null, "gpt-4o"),
        Connection("together", ProviderKind.OpenAICompatible, null, "meta-llama/Llama-3-8b"),
        Connection("vllm-local", ProviderKind.OpenAICompatible),
    ];

    public static GroupTarget Target(Connection connection, string model, double weight = 1, int position = 0) => new()
    {
        OrganizationId = connection.OrganizationId,
        ConnectionId = connection.Id,
        Model = model,
        Weight = weight,
        Position = position,
    };

    public static LoadBalanceGroup Group(string publicId, string name, params GroupTarget[] targets) => new()
    {
        OrganizationId = OrgId,
        PublicId = publicId,
        Name = name,
        Targets = [.. targets],
    };

    public static (List<Connection> Connections, List<LoadBalanceGroup> Groups) Organization()
    {
        var connections = Connections();
        var openai = connections[0];
        var azure = connections[1];
        var together = connections[2];

        var main = Group(MainGroup, "Main",
            Target(openai, "gpt-4o-mini", 3, 0),
            Target(azure, "gpt-4o", 1, 1));
        main.StickyHashFields = ["metadata.user_id"];
        main.FallbackModels = ["vllm-local/qwen2.5", "openai-main/gpt-4o"];
        main.RetryOnStatusCodes = [429, 503];
        main.RequestTimeoutMs = 30_000;
        main.FirstByteTimeoutMs = 5_000;
        main.Version = 7;

        var second = Group(SecondGroup, "Second", Target(together, "meta-llama/Llama-3-8b"));
        second.FallbackModels = ["azure-eu/gpt-4o"];
        return (connections, [main, second]);
    }

    public static OrganizationRoutes Routes()
    {
        var (connections, groups) = Organization();
        return OrganizationRoutes.Build(OrgId, connections, groups);
    }

    public static ConnectionRoute ConnectionRoute(string slug) =>
        new(Guid.NewGuid(), slug, ProviderKind.OpenAI, $"https://{slug}.example.test/v1");
}
