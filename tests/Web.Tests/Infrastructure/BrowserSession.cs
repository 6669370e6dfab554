using System.Globalization;
using Microsoft.Playwright;

namespace Switchyard.Web.Tests.Infrastructure;

/// <summary>A browser context with one page on the dashboard, plus the waits and captures tests need.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>The element the layout marks once a circuit has rendered it (see CircuitIndicator.razor).</summary>
    public const string CircuitConnectedSelector = "[data-circuit='connected']";

    /// <summary>
    /// For waiting on a URL after a click that navigates: return once the new document is committed, and leave
    /// readiness to <see cref="WaitForCircuitAsync"/>. The default also waits for the "load" event, and on a loaded
    /// CI machine Playwright has missed that event after a form post's redirect (a 30 s timeout with "networkidle"
    /// already fired), while the circuit marker is the signal the tests actually need.
    /// </summary>
    public static readonly PageWaitForURLOptions UrlCommitted = new() { WaitUntil = WaitUntilState.Commit };

    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];

    internal BrowserSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_consoleErrors)
            {
                _consoleErrors.Add(error);
            }
        };
    }

    /// <summary>The Playwright page, for anything the helpers do not cover.</summary>
    public IPage Page { get; }

    /// <summary>Errors the page logged to the console or threw, in order.</summary>
    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
            {
                return [.. _consoleErrors];
            }
        }
    }

    /// <summary>Navigates to <paramref name="relativeUrl"/> and waits until its Blazor circuit is connected.</summary>
    public async Task GotoAsync(string relativeUrl)
    {
        var response = await Page.GotoAsync(relativeUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"GET {relativeUrl} answered {response?.Status.ToString(CultureInfo.InvariantCulture) ?? "nothing"}.");
        }

        await WaitForCircuitAsync();
    }

    /// <summary>
    /// Waits until the page is interactive. Prerendered markup looks ready before the circuit connects, but its
    /// buttons do nothing until then; the layout flips <c>data-circuit</c> to <c>connected</c> from
    /// OnAfterRender, which only runs on the circuit, so handlers are attached once it is visible.
    /// </summary>
    public Task WaitForCircuitAsync() =>
        Page.Locator(CircuitConnectedSelector).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a full-page PNG to <c>artifacts/screenshots/&lt;name&gt;.png</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(RepositoryPaths.ScreenshotDirectory, $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
