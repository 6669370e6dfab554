using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Data;
using Switchyard.Data.Keys;
using Switchyard.Data.Migrations;
using Switchyard.Data.Notifications;
using Switchyard.Data.Tenancy;
using Switchyard.Domain.Groups;
using Switchyard.Domain.Keys;
using Switchyard.Domain.Providers;
using Switchyard.Domain.Tenancy;
using Switchyard.Gateway.Routing;
using Switchyard.MockProvider;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Resilience;

/// <summary>
/// Two gateway instances (in-process hosts on their own loopback ports) sharing one PostgreSQL database and one
/// Redis, in front of the mock provider. Each stack has its own Redis key prefix, so stacks never share state.
/// With <paramref name="privateRedis"/> the Redis is a redis-server of its own that the test may stop and restart.
/// </summary>
public class TwoGateways(bool privateRedis = false) : IAsyncLifetime
{
    public const string Model = "gpt-4o-mini";

    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private readonly Dictionary<string, Connection> _connections = [];
    private readonly List<LoadBalanceGroup> _pendingGroups = [];
    private PostgresDatabase? _database;

    public MockProviderServer Mock { get; private set; } = null!;
    public RedisServerProcess? Redis { get; private set; }
    public string RedisConfiguration { get; private set; } = null!;
    public WebApplication A { get; private set; } = null!;
    public WebApplication B { get; private set; } = null!;
    public HttpClient HttpA { get; private set; } = null!;
    public HttpClient HttpB { get; private set; } = null!;
    public ServiceProvider Data { get; private set; } = null!;
    public Guid OrganizationId { get; } = Guid.CreateVersion7();
    public string Key { get; private set; } = null!;
    public string RedisPrefix => _prefix;

    /// <summary>Group public IDs by name, as seeded.</summary>
    public Dictionary<string, string> Groups { get; } = [];

    /// <summary>Extra gateway settings (e.g. a short cooldown), applied to both instances.</summary>
    protected virtual IEnumerable<string> Settings => ["--Resilience:Health:Cooldown=00:00:02"];

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("res");
        Mock = await MockProviderServer.StartAsync();
        if (privateRedis)
        {
            Redis = await RedisServerProcess.StartAsync();
            RedisConfiguration = Redis.Configuration;
        }
        else
        {
            RedisConfiguration = TestEnvironment.RedisConfiguration;
        }

        var settings = new Dictionary<string, string?>(TestEnvironment.SecretSettings) { ["ConnectionStrings:Postgres"] = _database.ConnectionString };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Data = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddSwitchyardData(configuration).BuildServiceProvider();
        await Data.GetRequiredService<MigrationRunner>().MigrateAsync();
        await SeedAsync();

        (A, HttpA) = await StartGatewayAsync();
        (B, HttpB) = await StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        HttpA?.Dispose();
        HttpB?.Dispose();
        foreach (var app in new[] { A, B })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        if (Mock is not null)
        {
            await Mock.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
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

    /// <summary>The runtime-state key of a seeded connection's target.</summary>
    public Domain.Health.TargetKey TargetKeyOf(string slug) => new(_connections[slug].Id, Model);

    public string SlugOfConnection(Guid connectionId) => _connections.Values.Single(c => c.Id == connectionId).Slug;

    public HttpClient Http(int instance) => instance % 2 == 0 ? HttpA : HttpB;

    public WebApplication App(int instance) => instance % 2 == 0 ? A : B;

    public T ServiceOf<T>(int instance)
        where T : notnull => App(instance).Services.GetRequiredService<T>();

    public HttpRequestMessage Chat(string fields)
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + (fields.Length > 0 ? "," + fields : string.Empty) + "}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return request;
    }

    public static string GroupField(string groupId) => $"\"load_balance_group\":{{\"group_id\":\"{groupId}\"}}";

    /// <summary>Changes a group the way the dashboard does (in PostgreSQL, version + 1); signalling it is up to the test.</summary>
    public async Task EditGroupAsync(string name, Action<LoadBalanceGroup> edit)
    {
        await using var scope = Data.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().OrganizationId = OrganizationId;
        var db = scope.ServiceProvider.GetRequiredService<SwitchyardDbContext>();
        var group = await db.Groups.Include(g => g.Targets).SingleAsync(g => g.PublicId == Groups[name]);
        edit(group);
        group.Version++;
        await db.SaveChangesAsync();
    }

    public Task NotifyPostgresAsync() => Data.GetRequiredService<ConfigChangeNotifier>().NotifyAsync(OrganizationId);

    /// <summary>Seeds connections and groups; override to add more. Call <see cref="AddConnection"/> and <see cref="AddGroup"/>.</summary>
    protected virtual void Seed()
    {
    }

    protected void AddConnection(string slug, params string[] mockOptions) =>
        _connections[slug] = new Connection
        {
            OrganizationId = OrganizationId,
            Slug = slug,
            Kind = ProviderKind.OpenAICompatible,
            BaseUrl = Mock.OpenAiBaseUrl([$"name={slug}", .. mockOptions]).ToString().TrimEnd('/'),
            Models = [],
        };

    protected LoadBalanceGroup AddGroup(string name, params (string Slug, double Weight)[] targets)
    {
        var group = new LoadBalanceGroup { OrganizationId = OrganizationId, PublicId = GroupIds.New(), Name = name };
        for (var i = 0; i < targets.Length; i++)
        {
            group.Targets.Add(new GroupTarget
            {
                OrganizationId = OrganizationId,
                GroupId = group.Id,
                ConnectionId = _connections[targets[i].Slug].Id,
                Model = Model,
                Weight = targets[i].Weight,
                Position = i,
            });
        }

        Groups[name] = group.PublicId;
        _pendingGroups.Add(group);
        return group;
    }

    private async Task SeedAsync()
    {
        Seed();
        await using var scope = Data.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().OrganizationId = OrganizationId;
        var db = scope.ServiceProvider.GetRequiredService<SwitchyardDbContext>();
        db.Organizations.Add(new Organization { Id = OrganizationId, Name = "Resilient", Slug = "resilient" });
        db.Connections.AddRange(_connections.Values);
        db.Groups.AddRange(_pendingGroups);
        var material = ApiKeyHasher.Generate();
        db.ApiKeys.Add(new ApiKey { OrganizationId = OrganizationId, Name = "tests", Hash = material.Hash, Last4 = material.Last4 });
        Key = material.Plaintext;
        await db.SaveChangesAsync();
    }

    private async Task<(WebApplication App, HttpClient Http)> StartGatewayAsync()
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Postgres={_database!.ConnectionString}",
            "--Logging:LogLevel:Default=Warning",
            $"--Redis:Configuration={RedisConfiguration}",
            $"--Redis:KeyPrefix={_prefix}",

            // Generous, so a busy test machine does not turn a slow Redis answer into an outage (a killed server still fails at once).
            "--Redis:OperationTimeoutMs=1000",
        };
        foreach (var (key, value) in TestEnvironment.SecretSettings)
        {
            args.Add($"--{key}={value}");
        }

        args.AddRange(Settings);
        var app = GatewayApp.Build([.. args]);
        await GatewayApp.PrepareAsync(app);
        await app.StartAsync();
        var uri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await app.Services.GetRequiredService<RouteTableProvider>().FirstLoad.WaitAsync(TimeSpan.FromSeconds(30));
        var redis = app.Services.GetRequiredService<Gateway.Redis.IRedisStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!redis.IsAvailable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return (app, new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(60) });
    }
}
