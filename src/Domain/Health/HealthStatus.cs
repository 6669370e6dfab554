namespace Switchyard.Domain.Health;

/// <summary>A target's passive-health circuit.</summary>
public enum HealthStatus
{
    /// <summary>Healthy: takes traffic.</summary>
    Closed = 0,

    /// <summary>In cooldown: takes nothing until the cooldown ends.</summary>
    Open = 1,

    /// <summary>Cooldown over: exactly one trial request is let through, and its outcome decides.</summary>
    HalfOpen = 2,
}
