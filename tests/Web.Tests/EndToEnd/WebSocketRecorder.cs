using System.Collections.Concurrent;
using System.Text;
using Microsoft.Playwright;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>
/// Records every WebSocket frame the server sends to a page: the Blazor circuit's render batches. What is not in them
/// never reached the browser, even briefly.
/// </summary>
public sealed class WebSocketRecorder
{
    private readonly ConcurrentQueue<byte[]> _received = new();

    public WebSocketRecorder(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            _received.Enqueue(frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? string.Empty));
    }

    public int FrameCount => _received.Count;

    /// <summary>Whether any received frame contains <paramref name="text"/> as UTF-8 (how Blazor's protocol carries strings).</summary>
    public bool AnyFrameContains(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return _received.Any(frame => frame.AsSpan().IndexOf(needle) >= 0);
    }
}
