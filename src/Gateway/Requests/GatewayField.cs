namespace Switchyard.Gateway.Requests;

/// <summary>What a top-level member of the request body means to the gateway.</summary>
public enum GatewayField
{
    /// <summary>Not a gateway field: forwarded untouched.</summary>
    None = 0,

    /// <summary><c>model</c>: replaced by the chosen target's model.</summary>
    Model,

    /// <summary><c>load_balance_group</c>: removed before forwarding.</summary>
    LoadBalanceGroup,

    /// <summary><c>loadbalance_models</c> (deprecated alias): removed before forwarding.</summary>
    DeprecatedLoadBalanceModels,

    /// <summary><c>fallback_models</c>: removed before forwarding.</summary>
    FallbackModels,

    /// <summary><c>metadata</c>: kept for logs and stickiness, removed before forwarding.</summary>
    Metadata,
}
