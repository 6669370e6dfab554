using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;
using Switchyard.Gateway;

namespace Switchyard.Benchmarks;

/// <summary>
/// What the benchmarks share: the bench's ~1 KB chat body naming the demo's 70/30 group, that organization's route
/// snapshot, and the gateway's own services (built by <see cref="GatewayApp.AddGateway"/>, Redis not configured).
/// </summary>
public static class HotPath
{
    public const string GroupId = "lbg_benchBENCH01";

    public static readonly Guid OrganizationId = Guid.Parse("01a1fd9f-9932-7612-b2f5-0b5c262ea92a");

    public static byte[] Body { get; } = Encoding.UTF8.GetBytes(
        "{\"load_balance_group\":{\"group_id\":\"" + GroupId + "\"},\"messages\":[{\"role\":\"system\",\"content\":\"You are a concise " +
        "assistant for a travel company. Answer in two short sentences, mention prices in euros, and never invent train times that " +
        "you were not given.\"},{\"role\":\"user\",\"content\":\"I want to go from Lyon to Turin next Tuesday morning with my " +
        "bicycle. Which connections are there, how long do they take, and do I need to reserve a place for the bike? Also, is there " +
        "a discount for travellers under 26, and can I change the ticket later if my plans move by a day or two? Please keep the " +
        "answer short, I am reading it on my phone while walking.\"}],\"temperature\":0.7,\"max_tokens\":256,\"top_p\":1," +
        "\"user\":\"bench-user-42\"}");

    public static ApiKeyPolicy Policy { get; } = ApiKeyPolicy.Unrestricted with { DefaultGroupId = GroupId };

    public static OrganizationRoutes Routes()
    {
        var primary = Connection("mock-primary");
        var secondary = Connection("mock-secondary");
        var group = new LoadBalanceGroup { OrganizationId = OrganizationId, PublicId = GroupId, Name = "Demo 70/30" };
        group.Targets.Add(Target(group, primary, 70, 0));
        group.Targets.Add(Target(group, secondary, 30, 1));
        var routes = OrganizationRoutes.Build(OrganizationId, [primary, secondary], [group]);
        if (!routes.TryGetGroup(GroupId, out _))
        {
            throw new InvalidOperationException("The benchmark group did not compile: " + string.Join("; ", routes.Rejected.SelectMany(r => r.Errors)));
        }

        return routes;
    }

    /// <summary>The gateway's container as the host builds it (nothing started, so nothing connects).</summary>
    public static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
                ["Secrets:ActiveKeyId"] = "bench",
                ["Secrets:Keys:bench"] = Convert.ToBase64String(new byte[32]),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddGateway(configuration);
        return services.BuildServiceProvider();
    }

    private static Connection Connection(string slug) => new()
    {
        OrganizationId = OrganizationId,
        Slug = slug,
        Kind = ProviderKind.OpenAICompatible,
        BaseUrl = "http://127.0.0.1:9090/v1",
        Models = ["gpt-4o-mini"],
    };

    private static GroupTarget Target(LoadBalanceGroup group, Connection connection, double weight, int position) => new()
    {
        OrganizationId = OrganizationId,
        GroupId = group.Id,
        ConnectionId = connection.Id,
        Model = "gpt-4o-mini",
        Weight = weight,
        Position = position,
    };
}
