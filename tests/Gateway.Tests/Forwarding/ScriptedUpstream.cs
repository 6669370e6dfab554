using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>
/// An upstream on a raw socket whose every answer is written by the test, byte for byte: what a provider may do that
/// the mock provider (a well-behaved Kestrel app) never does, such as closing a kept-alive connection, answering in
/// HTTP/1.0 or sending interim answers. Records each request it read, with the connection it came on.
/// </summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Seen, Reply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public ScriptedUpstream(Func<Seen, Reply> script)
    {
        _script = script;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var tasks = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }

            var index = Interlocked.Increment(ref _connections);
            tasks.Add(ServeAsync(socket, index));
        }

        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var _ = socket;
        socket.NoDelay = true;
        var buffer = new byte[64 * 1024];
        var filled = 0;
        for (var request = 1; !_stop.IsCancellationRequested; request++)
        {
            int headEnd;
            while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }

            var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
            var length = ContentLength(head);
            var total = headEnd + 4 + length;
            while (filled < total)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }

            var seen = new Seen(connection, request, head, Encoding.UTF8.GetString(buffer, headEnd + 4, length));
            Requests.Enqueue(seen);
            buffer.AsSpan(total, filled - total).CopyTo(buffer);
            filled -= total;

            var reply = _script(seen);
            foreach (var part in reply.Parts)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(part), SocketFlags.None, _stop.Token);
            }

            if (reply.Close)
            {
                socket.Shutdown(SocketShutdown.Send);
                return;
            }
        }
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>A request as read: its connection (1, 2, …), its place on that connection, its head and its body.</summary>
    public sealed record Seen(int Connection, int Request, string Head, string Body)
    {
        public string? Header(string name) =>
            Head.Split("\r\n").Skip(1).Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
                .Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();
    }

    /// <summary>What to send (in separate sends), and whether to close the connection after it.</summary>
    public sealed record Reply(string[] Parts, bool Close = false)
    {
        public static Reply Json(string body, bool close = false, string extraHeaders = "") =>
            new([$"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}\r\n{body}"], close);
    }
}
