using Switchyard.Gateway.Redis;
using Switchyard.Gateway.Tests.Observability;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Resilience;

public sealed class RedisStoreTests
{
    [Fact]
    public async Task SetIfAbsent_SecondWriterLoses_AndTheValueCarriesItsTtl()
    {
        await using var store = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, RedisStores.NewPrefix());

        (await store.SetIfAbsentAsync("k", "first", TimeSpan.FromSeconds(30))).Should().BeTrue();
        (await store.SetIfAbsentAsync("k", "second", TimeSpan.FromSeconds(30))).Should().BeFalse();
        (await store.GetAsync("k")).Should().Be("first");
        (await RedisStores.RemainingTtlMsAsync(store, "k")).Should().BeInRange(1, 30_000);
    }

    [Fact]
    public async Task SetIfAbsent_AfterTheTtlPasses_TheNextWriterWins()
    {
        // Nothing is read between the two writes: under load a short TTL may pass before the first read comes back.
        await using var store = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, RedisStores.NewPrefix());

        (await store.SetIfAbsentAsync("k", "first", TimeSpan.FromMilliseconds(300))).Should().BeTrue();

        await Eventually.TrueAsync(
            async () => await store.SetIfAbsentAsync("k", "second", TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(10), "the key has a 300 ms TTL");
        (await store.GetAsync("k")).Should().Be("second");
    }

    [Fact]
    public async Task EvaluateAsync_FlattensScalarsArraysAndNils()
    {
        await using var store = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, RedisStores.NewPrefix());

        (await store.EvaluateAsync("return 42", [], [])).Should().Equal("42");
        (await store.EvaluateAsync("return {1, 'two', false}", [], [])).Should().Equal("1", "two", null);
        (await store.EvaluateAsync("return redis.call('GET', KEYS[1])", ["missing"], [])).Should().Equal([null]);
        (await store.EvaluateAsync("return ARGV[1] .. KEYS[1]", ["k"], ["v"]))[0].Should().EndWith("k").And.StartWith("v" + store.Prefix);
    }

    [Fact]
    public async Task Subscribe_ReceivesMessagesPublishedByAnotherStore()
    {
        var prefix = RedisStores.NewPrefix();
        await using var a = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        await using var b = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Subscribe("chan", m => received.TrySetResult(m));

        // The subscription is made asynchronously; publish until it is in place.
        await Eventually.TrueAsync(async () =>
        {
            await a.PublishAsync("chan", "hello");
            return received.Task.IsCompleted;
        }, TimeSpan.FromSeconds(5), "b subscribed");

        (await received.Task).Should().Be("hello");
    }

    [Fact]
    public async Task NotConfigured_IsNeitherEnabledNorAvailable_AndCallsThrowTheOneException()
    {
        await using var store = RedisStores.Disabled();
        await store.StartAsync(CancellationToken.None);

        store.IsEnabled.Should().BeFalse();
        store.IsAvailable.Should().BeFalse();
        await store.Invoking(s => s.GetAsync("k")).Should().ThrowAsync<RedisUnavailableException>();
        await store.Invoking(s => s.PublishAsync("c", "m")).Should().ThrowAsync<RedisUnavailableException>();
    }

    [Fact]
    public async Task ServerRestart_CallsFailFastWhileDown_ThenResume_AndSubscriptionsAreRenewed()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var prefix = RedisStores.NewPrefix();
        await using var store = await RedisStores.StartAsync(server.Configuration, prefix);
        await using var publisher = await RedisStores.StartAsync(server.Configuration, prefix);
        var restored = 0;
        store.BecameAvailable += () => Interlocked.Increment(ref restored);
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        store.Subscribe("chan", messages.Enqueue);
        await Eventually.TrueAsync(async () =>
        {
            await publisher.PublishAsync("chan", "before");
            return !messages.IsEmpty;
        }, TimeSpan.FromSeconds(5));

        await server.StopAsync();
        await Eventually.TrueAsync(() => !store.IsAvailable, TimeSpan.FromSeconds(5), "the store notices the server is gone");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await store.Invoking(s => s.GetAsync("k")).Should().ThrowAsync<RedisUnavailableException>();
        // The store's operation timeout here is 2 s: failing well before it shows the call did not wait for Redis.
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(1000), "a call during an outage must not wait for the operation timeout");

        await server.StartAgainAsync();
        await Eventually.TrueAsync(() => store.IsAvailable, TimeSpan.FromSeconds(10), "the store reconnects by itself");
        await Eventually.TrueAsync(() => Volatile.Read(ref restored) > 0, TimeSpan.FromSeconds(5), "BecameAvailable is raised once back");
        (await store.SetIfAbsentAsync("k", "v", TimeSpan.FromSeconds(10))).Should().BeTrue();

        while (messages.TryDequeue(out _))
        {
        }

        await Eventually.TrueAsync(async () =>
        {
            if (publisher.IsAvailable)
            {
                await publisher.PublishAsync("chan", "after");
            }

            return messages.Contains("after");
        }, TimeSpan.FromSeconds(10), "the subscription is renewed after the restart");
    }
}
