namespace Switchyard.Data.Seeding;

/// <summary>What the local demo is made of. Every field has a default, so <c>./run.sh</c> needs none of them.</summary>
public sealed class DemoSeedOptions
{
    public string OrganizationName { get; set; } = "Demo";
    public string OrganizationSlug { get; set; } = "demo";
    public string Email { get; set; } = "demo@switchyard.local";
    public required string Password { get; set; }

    /// <summary>The built-in mock provider (its root URL), where the demo connections point unless <see cref="Upstream"/> is set.</summary>
    public string MockUrl { get; set; } = "http://127.0.0.1:9090";

    /// <summary>
    /// Another OpenAI-compatible base URL for every demo connection (e.g. a benchmark's nginx); a URL without a path gets
    /// <c>/v1</c>. Only the mock fails on request, so with an upstream the "flaky" connection is a plain one too.
    /// </summary>
    public string? Upstream { get; set; }

    /// <summary>A key from an earlier run (read back from <c>.data/demo.env</c>); kept when it is still valid.</summary>
    public string? ExistingApiKey { get; set; }
}
