using Microsoft.Playwright;

namespace Switchyard.Web.Tests.Infrastructure;

/// <summary>
/// One headless Chromium (Debian's, driven by Playwright's bundled driver) shared by the browser tests of a collection.
/// When Chromium is missing the fixture does not fail: tests call <see cref="SkipIfUnavailable"/> and are skipped,
/// unless <c>SWITCHYARD_REQUIRE_BROWSER=1</c> (CI), in which case they fail.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser. Playwright's own downloads are not used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Set to <c>1</c> to make a missing browser a failure instead of a skip.</summary>
    public const string RequireBrowserVariable = "SWITCHYARD_REQUIRE_BROWSER";

    private static readonly string[] _chromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the browser tests are skipped, or <see langword="null"/> when a browser is running.</summary>
    public string? UnavailableReason { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"Chromium not found at {ChromiumPath} (apt-get install chromium).";
            if (Environment.GetEnvironmentVariable(RequireBrowserVariable) == "1")
            {
                throw new InvalidOperationException($"{reason} {RequireBrowserVariable}=1 requires the browser tests to run.");
            }

            UnavailableReason = $"{reason} Set {RequireBrowserVariable}=1 to fail instead of skipping.";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = _chromiumArgs,
        });
    }

    /// <summary>Skips the calling <c>[SkippableFact]</c> when there is no browser (see the class summary).</summary>
    public void SkipIfUnavailable() => Skip.If(UnavailableReason is not null, UnavailableReason);

    /// <summary>Opens a fresh browser context (own cookies and storage) with one page whose relative URLs resolve against <paramref name="baseAddress"/>.</summary>
    public async Task<BrowserSession> NewSessionAsync(Uri baseAddress)
    {
        SkipIfUnavailable();
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
