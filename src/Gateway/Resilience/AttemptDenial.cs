namespace Switchyard.Gateway.Resilience;

/// <summary>Why a planned target was skipped.</summary>
public enum AttemptDenial
{
    None = 0,

    /// <summary>In cooldown, or another request holds its trial.</summary>
    Unhealthy = 1,

    /// <summary>At its RPM or TPM limit (counted across instances).</summary>
    LimitReached = 2,
}
