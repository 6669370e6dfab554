using Switchyard.Web.Tests.Infrastructure;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>The configuration pages' tests share one platform and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollectionDefinition : ICollectionFixture<BrowserFixture>, ICollectionFixture<PlatformServer>
{
    public const string Name = "Platform";
}
