using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Data;
using Switchyard.Data.Keys;
using Switchyard.Data.Migrations;
using Switchyard.Data.Notifications;
using Switchyard.Data.Secrets;
using Switchyard.Data.Tenancy;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;
using Switchyard.Gateway.Routing;
using Switchyard.MockProvider;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Functional;

/// <summary>
/// A real gateway on a loopback port, a real mock provider, a fresh PostgreSQL database, and two organizations:
/// "acme" (the one under test) and "other" (whose IDs must behave like unknown ones).
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string SecretOfAlpha = "sk-alpha-provider-secret-0001";

    private PostgresDatabase? _database;

    public MockProviderServer Mock { get; private set; } = null!;
    public WebApplication Gateway { get; private set; } = null!;
    public Uri GatewayUri { get; private set; } = null!;
    public ServiceProvider Data { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>When set before start, the gateway reaches PostgreSQL through <see cref="PostgresProxy"/>, which a test can cut.</summary>
    public bool PostgresThroughProxy { get; init; }

    public TcpProxy? PostgresProxy { get; private set; }

    /// <summary>When set before start, applied to the gateway's builder (services, configuration) before it is built.</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    /// <summary>More command-line settings for the gateway (e.g. <c>--Gateway:Server=Kestrel</c>).</summary>
    public string[] ExtraArgs { get; init; } = [];

    public Guid AcmeId { get; } = Guid.CreateVersion7();
    public Guid OtherId { get; } = Guid.CreateVersion7();

    /// <summary>alpha/gpt-4o-mini weight 70, beta/gpt-4o-mini weight 30.</summary>
    public string SplitGroupId { get; } = GroupIds.New();

    /// <summary>Every target fails with 503.</summary>
    public string BrokenGroupId { get; } = GroupIds.New();

    /// <summary>Targets that answer slower than the group's timeout.</summary>
    public string SlowGroupId { get; } = GroupIds.New();

    /// <summary>Every target answers 429 with Retry-After.</summary>
    public string RateLimitedGroupId { get; } = GroupIds.New();

    /// <summary>A group of the other organization.</summary>
    public string OtherGroupId { get; } = GroupIds.New();

    /// <summary>No default group, no restrictions.</summary>
    public string Key { get; private set; } = null!;

    /// <summary>Default group = the split group.</summary>
    public string DefaultGroupKey { get; private set; } = null!;

    /// <summary>May use only the split group and the model alpha/gpt-4o-mini.</summary>
    public string RestrictedKey { get; private set; } = null!;

    public string RevokedKey { get; private set; } = null!;

    /// <summary>A key of the other organization.</summary>
    public string OtherKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("gw");
        Mock = await MockProviderServer.StartAsync();
        Data = BuildDataServices(_database.ConnectionString);
        await Data.GetRequiredService<MigrationRunner>().MigrateAsync();
        await SeedAsync();

        var gatewayConnectionString = _database.ConnectionString;
        if (PostgresThroughProxy)
        {
            var direct = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString);
            PostgresProxy = TcpProxy.Start(direct.Host!, direct.Port);
            gatewayConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString)
            {
                Port = PostgresProxy.Port,
                Timeout = 2,
                CommandTimeout = 5,
            }.ConnectionString;
        }

        Gateway = GatewayApp.Build(GatewayArgs(gatewayConnectionString, ExtraArgs), Configure);
        await GatewayApp.PrepareAsync(Gateway);
        await Gateway.StartAsync();
        GatewayUri = new Uri(Gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await Gateway.Services.GetRequiredService<RouteTableProvider>().FirstLoad.WaitAsync(TimeSpan.FromSeconds(30));
        Http = new HttpClient { BaseAddress = GatewayUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public static string[] GatewayArgs(string connectionString, params string[] extra)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Postgres={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            $"--Redis:Configuration={Environment.GetEnvironmentVariable("SWITCHYARD_TEST_REDIS") ?? "127.0.0.1:6379"}",
        };
        foreach (var (key, value) in TestEnvironment.SecretSettings)
        {
            args.Add($"--{key}={value}");
        }

        args.AddRange(extra);
        return [.. args];
    }

    public HttpRequestMessage Post(string path, string json, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? Key);
        return request;
    }

    public async Task<HttpResponseMessage> ChatAsync(string bodyFields, string? key = null)
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + (bodyFields.Length > 0 ? "," + bodyFields : string.Empty) + "}";
        return await Http.SendAsync(Post("/v1/chat/completions", json, key));
    }

    /// <summary>A context acting for an organization, to change configuration the way the dashboard does.</summary>
    public (AsyncServiceScope Scope, SwitchyardDbContext Db) Scoped(Guid organizationId)
    {
        var scope = Data.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().OrganizationId = organizationId;
        return (scope, scope.ServiceProvider.GetRequiredService<SwitchyardDbContext>());
    }

    public Task NotifyAsync(Guid organizationId) => Data.GetRequiredService<ConfigChangeNotifier>().NotifyAsync(organizationId);

    private static ServiceProvider BuildDataServices(string connectionString)
    {
        var settings = new Dictionary<string, string?>(TestEnvironment.SecretSettings) { ["ConnectionStrings:Postgres"] = connectionString };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddSwitchyardData(configuration).BuildServiceProvider();
    }

    private async Task SeedAsync()
    {
        var secrets = Data.GetRequiredService<ConnectionSecrets>();
        var (scope, db) = Scoped(AcmeId);
        await using (scope)
        {
            db.Organizations.Add(new Organization { Id = AcmeId, Name = "Acme", Slug = "acme" });
            var alpha = Connection(AcmeId, "alpha", Mock.OpenAiBaseUrl("name=alpha"), ["gpt-4o-mini", "shared-model", "text-embedding-3-small"]);
            secrets.Seal(alpha, SecretOfAlpha);
            var beta = Connection(AcmeId, "beta", Mock.OpenAiBaseUrl("name=beta"), ["gpt-4o-mini", "shared-model", "only-beta"]);
            secrets.Seal(beta, "sk-beta-provider-secret-0002");
            var broken1 = Connection(AcmeId, "broken1", Mock.OpenAiBaseUrl("name=broken1", "fail=503"), []);
            var broken2 = Connection(AcmeId, "broken2", Mock.OpenAiBaseUrl("name=broken2", "fail=500"), []);
            var slow = Connection(AcmeId, "slow", Mock.OpenAiBaseUrl("name=slow", "delay_ms=3000"), []);
            var limited = Connection(AcmeId, "limited", Mock.OpenAiBaseUrl("name=limited", "fail=429", "retry_after=7"), []);
            var dribble = Connection(AcmeId, "dribble", Mock.OpenAiBaseUrl("name=dribble", "chunks=50", "chunk_delay_ms=100"), []);
            var cut = Connection(AcmeId, "cut", Mock.OpenAiBaseUrl("name=cut", "cut_after=2"), []);
            var azure = Connection(AcmeId, "azure-eu", Mock.RootUrl("name=azure"), []);
            azure.Kind = ProviderKind.AzureOpenAI;
            azure.AzureDeployment = "gpt4o-deploy";
            azure.AzureApiVersion = "2024-10-21";
            secrets.Seal(azure, "azure-secret-key-0003");
            db.Connections.AddRange(alpha, beta, broken1, broken2, slow, limited, dribble, cut, azure);

            db.Groups.Add(Group(AcmeId, SplitGroupId, "split", (alpha, 70), (beta, 30)));
            db.Groups.Add(Group(AcmeId, BrokenGroupId, "broken", (broken1, 1), (broken2, 1)));
            var slowGroup = Group(AcmeId, SlowGroupId, "slow", (slow, 1));
            slowGroup.RequestTimeoutMs = 500;
            db.Groups.Add(slowGroup);
            db.Groups.Add(Group(AcmeId, RateLimitedGroupId, "limited", (limited, 1)));

            Key = AddKey(db, AcmeId, "plain", k => { });
            DefaultGroupKey = AddKey(db, AcmeId, "default", k => k.DefaultGroupId = SplitGroupId);
            RestrictedKey = AddKey(db, AcmeId, "restricted", k =>
            {
                k.AllowedGroups = [SplitGroupId];
                k.AllowedModels = ["alpha/gpt-4o-mini"];
            });
            RevokedKey = AddKey(db, AcmeId, "revoked", k => k.RevokedAt = DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var (otherScope, otherDb) = Scoped(OtherId);
        await using (otherScope)
        {
            otherDb.Organizations.Add(new Organization { Id = OtherId, Name = "Other", Slug = "other" });
            var theirs = Connection(OtherId, "alpha", Mock.OpenAiBaseUrl("name=other"), ["gpt-4o-mini"]);
            otherDb.Connections.Add(theirs);
            otherDb.Groups.Add(Group(OtherId, OtherGroupId, "theirs", (theirs, 1)));
            OtherKey = AddKey(otherDb, OtherId, "other", k => { });
            await otherDb.SaveChangesAsync();
        }
    }

    private static Connection Connection(Guid org, string slug, Uri baseUrl, List<string> models) =>
        new() { OrganizationId = org, Slug = slug, Kind = ProviderKind.OpenAICompatible, BaseUrl = baseUrl.ToString().TrimEnd('/'), Models = models };

    private static LoadBalanceGroup Group(Guid org, string publicId, string name, params (Connection Connection, double Weight)[] targets)
    {
        var group = new LoadBalanceGroup { OrganizationId = org, PublicId = publicId, Name = name };
        for (var i = 0; i < targets.Length; i++)
        {
            group.Targets.Add(new GroupTarget
            {
                OrganizationId = org,
                GroupId = group.Id,
                ConnectionId = targets[i].Connection.Id,
                Model = "gpt-4o-mini",
                Weight = targets[i].Weight,
                Position = i,
            });
        }

        return group;
    }

    private static string AddKey(SwitchyardDbContext db, Guid org, string name, Action<ApiKey> configure)
    {
        var material = ApiKeyHasher.Generate();
        var key = new ApiKey { OrganizationId = org, Name = name, Hash = material.Hash, Last4 = material.Last4 };
        configure(key);
        db.ApiKeys.Add(key);
        return material.Plaintext;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.StopAsync();
            await Gateway.DisposeAsync();
        }

        if (Mock is not null)
        {
            await Mock.DisposeAsync();
        }

        if (PostgresProxy is not null)
        {
            await PostgresProxy.DisposeAsync();
        }

        if (Data is not null)
        {
            await Data.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
