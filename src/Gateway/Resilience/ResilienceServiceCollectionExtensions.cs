using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;
using Switchyard.Gateway.Redis;

namespace Switchyard.Gateway.Resilience;

public static class ResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Redis (<c>Redis:*</c>), passive health, strategies, stickiness, shared cooldowns, usage counters, retries and
    /// config-change propagation (<c>Resilience:*</c>). Expects <see cref="TimeProvider"/> and <see cref="IRandomSource"/>
    /// to be registered (AddGateway does).
    /// </summary>
    public static IServiceCollection AddGatewayResilience(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ResilienceOptions.Bind(configuration);
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.SectionName));

        services.AddSingleton(options);
        services.AddSingleton(options.Sticky);
        services.AddSingleton<GatewayInstance>();
        services.AddSingleton<ResilienceMetrics>();

        services.AddSingleton<RedisStore>();
        services.AddSingleton<IRedisStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<ConfigChangePublisher>();
        services.AddHostedService<ConfigChangeSubscriber>();

        services.AddSingleton(sp => new TargetStateRegistry(options.Health, options.Latency, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new StrategySet(sp.GetRequiredService<IRandomSource>(), options.Strategies));
        services.AddSingleton(sp => new RetryBackoff(options.Retry, sp.GetRequiredService<IRandomSource>()));
        services.AddSingleton<StickyAssignments>();
        services.AddSingleton<UsageCounters>();
        services.AddSingleton<SharedCooldowns>();
        services.AddHostedService(sp => sp.GetRequiredService<SharedCooldowns>());
        services.AddHostedService<ResilienceMaintenance>();
        return services;
    }
}
