using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchyard.Gateway.Observability;
using Switchyard.Gateway.Redis;

namespace Switchyard.Gateway.Resilience;

/// <summary>
/// Health and Redis instruments on the gateway's meter (so <c>/metrics</c> exports them): cooldowns started and
/// recoveries per target, health bypasses, and whether Redis is usable. The totals are also readable in process.
/// </summary>
public sealed class ResilienceMetrics
{
    private readonly Counter<long> _cooldowns;
    private readonly Counter<long> _recoveries;
    private readonly Counter<long> _bypasses;
    private long _cooldownsTotal;
    private long _recoveriesTotal;
    private long _bypassesTotal;

    public ResilienceMetrics(IMeterFactory meterFactory, IRedisStore redis)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        _cooldowns = meter.CreateCounter<long>(
            "switchyard.target.cooldowns", "{cooldown}", "Times a target was put in cooldown by this instance's passive health checks.");
        _recoveries = meter.CreateCounter<long>(
            "switchyard.target.recoveries", "{recovery}", "Times a target's trial request succeeded after a cooldown.");
        _bypasses = meter.CreateCounter<long>(
            "switchyard.health_bypass", "{request}", "Requests whose candidates were all unhealthy and were tried anyway.");
        meter.CreateObservableGauge(
            "switchyard.redis.available", () => redis.IsAvailable ? 1 : 0, "{bool}", "1 when Redis is connected and used for shared state, else 0.");
    }

    public long CooldownsStarted => Interlocked.Read(ref _cooldownsTotal);

    public long Recoveries => Interlocked.Read(ref _recoveriesTotal);

    public long HealthBypasses => Interlocked.Read(ref _bypassesTotal);

    public void CooldownStarted(string target)
    {
        Interlocked.Increment(ref _cooldownsTotal);
        _cooldowns.Add(1, new TagList { { "target", target } });
    }

    public void Recovered(string target)
    {
        Interlocked.Increment(ref _recoveriesTotal);
        _recoveries.Add(1, new TagList { { "target", target } });
    }

    public void HealthBypassed()
    {
        Interlocked.Increment(ref _bypassesTotal);
        _bypasses.Add(1);
    }
}
