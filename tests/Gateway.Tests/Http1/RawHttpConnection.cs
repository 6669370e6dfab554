using System.Net.Sockets;
using System.Text;

namespace Switchyard.Gateway.Tests.Http1;

/// <summary>
/// One TCP connection to the gateway that speaks HTTP/1.1 by hand: the test writes the exact bytes, and reads each
/// answer's status line, headers and body (by Content-Length, chunks, or to the close) without a client library
/// smoothing anything over.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private static readonly TimeSpan _readTimeout = TimeSpan.FromSeconds(20);

    private readonly Socket _socket;
    private readonly List<byte> _pending = [];

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(Uri gateway)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(gateway.Host, gateway.Port);
        return new RawHttpConnection(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Half-closes: the gateway sees the client's end of the stream.</summary>
    public void CloseSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>
    /// The next answer; interim ones (1xx) too when <paramref name="interim"/> is set. <paramref name="headRequest"/>:
    /// the answer to a HEAD request, which has no body whatever its headers say.
    /// </summary>
    public async Task<RawAnswer> ReadAnswerAsync(bool interim = false, bool headRequest = false)
    {
        using var timeout = new CancellationTokenSource(_readTimeout);
        var head = Encoding.Latin1.GetString(await ReadUntilAsync("\r\n\r\n"u8.ToArray(), timeout.Token));
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var answer = new RawAnswer(status, head, headers, string.Empty);
        if ((status < 200 && interim) || headRequest)
        {
            return answer;
        }

        string body;
        if (answer.Header("Transfer-Encoding") is { } coding && coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = new List<byte>();
            while (true)
            {
                var sizeLine = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n"u8.ToArray(), timeout.Token)).TrimEnd('\r', '\n');
                var size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
                if (size == 0)
                {
                    await ReadUntilAsync("\r\n"u8.ToArray(), timeout.Token);
                    break;
                }

                decoded.AddRange(await ReadExactlyAsync(size + 2, timeout.Token));
                decoded.RemoveRange(decoded.Count - 2, 2);
            }

            body = Encoding.UTF8.GetString(decoded.ToArray());
        }
        else if (answer.Header("Content-Length") is { } length)
        {
            body = Encoding.UTF8.GetString(await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), timeout.Token));
        }
        else if (status is 204 or 304 || status < 200)
        {
            body = string.Empty;
        }
        else
        {
            body = Encoding.UTF8.GetString(await ReadToEndAsync(timeout.Token));
        }

        return answer with { Body = body };
    }

    /// <summary>True when the gateway closed the connection (a read returns nothing, or a reset) within the timeout.</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? _readTimeout);
        try
        {
            var buffer = new byte[1024];
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<byte[]> ReadUntilAsync(byte[] terminator, CancellationToken token)
    {
        while (true)
        {
            var index = _pending.ToArray().AsSpan().IndexOf(terminator);
            if (index >= 0)
            {
                var taken = _pending.GetRange(0, index + terminator.Length).ToArray();
                _pending.RemoveRange(0, index + terminator.Length);
                return taken;
            }

            await FillAsync(token);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken token)
    {
        while (_pending.Count < count)
        {
            await FillAsync(token);
        }

        var taken = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return taken;
    }

    private async Task<byte[]> ReadToEndAsync(CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await _socket.ReceiveAsync(buffer, SocketFlags.None, token)) > 0)
        {
            _pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        var all = _pending.ToArray();
        _pending.Clear();
        return all;
    }

    private async Task FillAsync(CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, token);
        if (read == 0)
        {
            throw new IOException("The gateway closed the connection in the middle of an answer.");
        }

        _pending.AddRange(buffer.AsSpan(0, read).ToArray());
    }
}

/// <summary>One answer as read off the wire.</summary>
internal sealed record RawAnswer(int Status, string Head, List<(string Name, string Value)> Headers, string Body)
{
    public string? Header(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
