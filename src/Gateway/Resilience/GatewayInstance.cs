namespace Switchyard.Gateway.Resilience;

/// <summary>This process among the gateway instances: an ID that tells its own pub/sub messages from the others'.</summary>
public sealed class GatewayInstance
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];
}
