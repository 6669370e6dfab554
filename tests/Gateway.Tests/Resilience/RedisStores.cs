using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchyard.Gateway.Redis;

namespace Switchyard.Gateway.Tests.Resilience;

/// <summary>
/// Builds started <see cref="RedisStore"/>s; each test uses its own key prefix so tests never see each other's keys.
/// The operation timeout is generous: on a loaded test machine a 250 ms timeout would turn a slow answer into an outage.
/// </summary>
internal static class RedisStores
{
    public static string NewPrefix() => $"t{Guid.NewGuid():N}:";

    /// <summary>A store not started yet (it connects on <see cref="RedisStore.StartAsync"/>).</summary>
    public static RedisStore Create(string configuration, string prefix, int operationTimeoutMs = 2000) => new(
        Options.Create(new RedisOptions { Configuration = configuration, KeyPrefix = prefix, OperationTimeoutMs = operationTimeoutMs }),
        TimeProvider.System,
        NullLogger<RedisStore>.Instance);

    public static async Task<RedisStore> StartAsync(string configuration, string prefix, int operationTimeoutMs = 2000)
    {
        var store = Create(configuration, prefix, operationTimeoutMs);
        await store.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!store.IsAvailable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return store;
    }

    /// <summary>Redis's <c>PTTL</c> of a key under the store's prefix: milliseconds left, -1 without expiry, -2 missing.</summary>
    public static async Task<long> RemainingTtlMsAsync(IRedisStore store, string key) =>
        long.Parse((await store.EvaluateAsync("return redis.call('PTTL', KEYS[1])", [key], []))[0]!, CultureInfo.InvariantCulture);

    public static RedisStore Disabled() => new(
        Options.Create(new RedisOptions { Configuration = null }),
        TimeProvider.System,
        NullLogger<RedisStore>.Instance);
}
