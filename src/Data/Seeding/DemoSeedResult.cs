namespace Switchyard.Data.Seeding;

/// <summary>What a demo user needs to call the gateway and sign in.</summary>
public sealed record DemoSeedResult(Guid OrganizationId, string GroupId, string FlakyGroupId, string Email, string Password, string ApiKey, bool Created);
