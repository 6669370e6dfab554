namespace Switchyard.Domain.Validation;

/// <summary>Limits a load-balancing group must respect; shared by <see cref="GroupValidator"/> and the dashboard's form hints.</summary>
public static class GroupRules
{
    public const int MaxNameLength = 100;
    public const int MaxModelLength = 256;
    public const int DefaultStickyTtlSeconds = 3600;
    public const int MaxStickyTtlSeconds = 30 * 24 * 3600;
    public const int MinRetryStatusCode = 400;
    public const int MaxRetryStatusCode = 599;

    /// <summary>
    /// Body fields the gateway owns: a target's parameter overrides may not set them, or routing and streaming would
    /// be silently undone after the target was chosen.
    /// </summary>
    public static IReadOnlyList<string> ReservedOverrideKeys { get; } =
        ["model", "stream", "load_balance_group", "loadbalance_models", "fallback_models"];
}
