namespace Switchyard.MockProvider.Wire;

internal sealed record HealthStatus(string Status);
