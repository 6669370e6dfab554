namespace Switchyard.Domain.Health;

/// <summary>How a request was let through to a target; decides what its outcome does to the circuit.</summary>
public enum AdmissionKind
{
    /// <summary>Not let through: the target is cooling down, or another request holds its trial.</summary>
    Denied = 0,

    /// <summary>The target is healthy.</summary>
    Normal = 1,

    /// <summary>The single trial after a cooldown: success closes the circuit, failure re-opens it.</summary>
    Trial = 2,

    /// <summary>Every candidate was unhealthy and the gateway tried anyway ("healthy or panic"); a success closes the circuit.</summary>
    Bypass = 3,
}
