namespace Switchyard.Web.Tests.Infrastructure;

/// <summary>Browser tests share one Chromium and one dashboard, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollectionDefinition : ICollectionFixture<BrowserFixture>, ICollectionFixture<DashboardServer>
{
    public const string Name = "Browser";
}
