namespace Switchyard.Data.Seeding;

/// <summary>What the local demo is made of. Every field has a default, so <c>./run.sh</c> needs none of them.</summary>
public sealed class DemoSeedOptions
{
    public string OrganizationName { get; set; } = "Demo";
    public string OrganizationSlug { get; set; } = "demo";
    public string Email { get; set; } = "demo@switchyard.local";
    public required string Password { get; set; }

    /// <summary>The OpenAI-compatible base URL the demo connections point at (the built-in mock provider by default).</summary>
    public string UpstreamBaseUrl { get; set; } = "http://127.0.0.1:9090";

    /// <summary>A key from an earlier run (read back from <c>.data/demo.env</c>); kept when it is still valid.</summary>
    public string? ExistingApiKey { get; set; }
}
