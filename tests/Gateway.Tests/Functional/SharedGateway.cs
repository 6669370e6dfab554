namespace Switchyard.Gateway.Tests.Functional;

/// <summary>One gateway stack shared by the functional test classes that only read configuration.</summary>
[CollectionDefinition(Name)]
public sealed class SharedGateway : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
