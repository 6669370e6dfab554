using Switchyard.Domain.Keys;

namespace Switchyard.Gateway.Authentication;

/// <summary>Who is calling: the key's organization and policy, resolved from a gateway API key.</summary>
public sealed record CallerIdentity(Guid KeyId, Guid OrganizationId, string KeyName, ApiKeyPolicy Policy);
