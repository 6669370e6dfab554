namespace Switchyard.Domain.Health;

/// <summary>What an outcome did to a circuit, so the gateway can log it and share a new cooldown with other instances.</summary>
public enum HealthTransition
{
    None = 0,

    /// <summary>The target went into cooldown (from healthy or from a failed trial).</summary>
    Opened = 1,

    /// <summary>The target is healthy again.</summary>
    Closed = 2,
}
