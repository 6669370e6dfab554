using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

// The sockets floor: each client connection gets one task and one keep-alive upstream connection; a request is read
// whole (Content-Length), written upstream as it came, and the answer is relayed as it arrives (Content-Length or
// chunked, so streams flow). Usage: SocketsFloor UPSTREAM_PORT LISTEN_PORT (both on 127.0.0.1).
if (args.Length < 2 || !int.TryParse(args[0], out var upstreamPort) || !int.TryParse(args[1], out var listenPort))
{
    await Console.Error.WriteLineAsync("usage: SocketsFloor UPSTREAM_PORT LISTEN_PORT");
    return 2;
}

// Continuations inline on the socket threads: the point of this row is a forwarder with no thread-pool hand-off.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS",
    Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "1");

var upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
listener.Listen(1024);
while (true)
{
    var client = await listener.AcceptAsync();
    client.NoDelay = true;
    _ = Relay.ServeAsync(client, upstream);
}

internal static class Relay
{
    private static readonly byte[] _health = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();
    private static readonly byte[] _lastChunk = "0\r\n\r\n"u8.ToArray();

    public static async Task ServeAsync(Socket client, IPEndPoint upstreamEndPoint)
    {
        Socket? upstream = null;
        var request = new byte[64 * 1024];
        var answer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var (length, _) = await ReadMessageAsync(client, request);
                if (length == 0)
                {
                    break;
                }

                if (request.AsSpan(0, length).StartsWith("GET /health"u8))
                {
                    await client.SendAsync(_health);
                    continue;
                }

                if (upstream is null)
                {
                    upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await upstream.ConnectAsync(upstreamEndPoint);
                }

                await upstream.SendAsync(request.AsMemory(0, length));
                if (!await RelayAnswerAsync(upstream, client, answer))
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            // A peer went away: drop both connections.
        }
        finally
        {
            client.Dispose();
            upstream?.Dispose();
        }
    }

    /// <summary>
    /// Reads one message into the buffer, head and Content-Length body (of a chunked one, what has arrived with the head):
    /// its length, 0 at end of stream.
    /// </summary>
    private static async ValueTask<(int Length, bool Chunked)> ReadMessageAsync(Socket socket, byte[] buffer)
    {
        var length = 0;
        var needed = -1;
        var chunked = false;
        while (needed < 0 || length < needed)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None);
            if (read == 0)
            {
                return (0, false);
            }

            length += read;
            if (needed < 0)
            {
                var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    continue;
                }

                (var contentLength, chunked) = ParseHead(buffer.AsSpan(0, end));
                if (chunked)
                {
                    return (length, chunked);
                }

                needed = end + 4 + contentLength;
            }
        }

        return (length, chunked);
    }

    /// <summary>Relays one answer: false when the upstream closed.</summary>
    private static async ValueTask<bool> RelayAnswerAsync(Socket upstream, Socket client, byte[] buffer)
    {
        var (length, chunked) = await ReadMessageAsync(upstream, buffer);
        if (length == 0)
        {
            return false;
        }

        await client.SendAsync(buffer.AsMemory(0, length));
        if (!chunked)
        {
            return true;
        }

        // A chunked answer (a stream) is passed on piece by piece until its last chunk.
        var tail = new byte[_lastChunk.Length];
        var tailLength = Append(tail, 0, buffer.AsSpan(0, length));
        while (!tail.AsSpan(0, tailLength).SequenceEqual(_lastChunk))
        {
            var read = await upstream.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                return false;
            }

            await client.SendAsync(buffer.AsMemory(0, read));
            tailLength = Append(tail, tailLength, buffer.AsSpan(0, read));
        }

        return true;
    }

    /// <summary>Keeps the last <c>tail.Length</c> bytes seen; returns how many it holds.</summary>
    private static int Append(byte[] tail, int tailLength, ReadOnlySpan<byte> piece)
    {
        if (piece.Length >= tail.Length)
        {
            piece[^tail.Length..].CopyTo(tail);
            return tail.Length;
        }

        var keep = Math.Min(tailLength, tail.Length - piece.Length);
        tail.AsSpan(tailLength - keep, keep).CopyTo(tail);
        piece.CopyTo(tail.AsSpan(keep));
        return keep + piece.Length;
    }

    private static (int ContentLength, bool Chunked) ParseHead(ReadOnlySpan<byte> head)
    {
        var contentLength = 0;
        var chunked = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                contentLength = Utf8Parser.TryParse(value, out int parsed, out _) ? parsed : 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
        }

        return (contentLength, chunked);
    }
}
