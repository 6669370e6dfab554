using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

// The sockets floor: each client connection gets one task and one keep-alive upstream connection; a request is read
// whole (Content-Length), written upstream as it came, and the answer is relayed as it arrives (Content-Length or
// chunked, so streams flow). With --client httpclient the upstream leg goes through SocketsHttpHandler instead (set up
// as the gateway's), which splits the floor's cost between the server and the client.
// Usage: SocketsFloor UPSTREAM_PORT LISTEN_PORT [--client httpclient] (both on 127.0.0.1).
if (args.Length < 2 || !int.TryParse(args[0], out var upstreamPort) || !int.TryParse(args[1], out var listenPort))
{
    await Console.Error.WriteLineAsync("usage: SocketsFloor UPSTREAM_PORT LISTEN_PORT [--client httpclient]");
    return 2;
}

var useHttpClient = args.Length >= 4 && args[2] == "--client" && args[3] == "httpclient";

// Continuations inline on the socket threads: the point of this row is a forwarder with no thread-pool hand-off.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS",
    Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "1");

var upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
using var invoker = useHttpClient ? HttpClientLeg.CreateInvoker() : null;
var upstreamUri = new Uri($"http://127.0.0.1:{upstreamPort}/v1/chat/completions");
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
listener.Listen(1024);
while (true)
{
    var accepted = await listener.AcceptAsync();
    accepted.NoDelay = true;
    _ = Server.ServeAsync(accepted, invoker is null ? new SocketLeg(upstream) : new HttpClientLeg(invoker, upstreamUri));
}

/// <summary>How one client connection's requests reach the upstream; false when the connection is to be dropped.</summary>
internal interface IUpstreamLeg : IDisposable
{
    ValueTask<bool> ForwardAsync(Socket client, byte[] request, Http1Message message, byte[] buffer);
}

/// <summary>One client connection: read a request, answer /health, hand the rest to the leg, until a side closes.</summary>
internal static class Server
{
    private static readonly byte[] _health = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();

    public static async Task ServeAsync(Socket client, IUpstreamLeg leg)
    {
        var request = new byte[64 * 1024];
        var answer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var message = await Http1.ReadMessageAsync(client, request);
                if (message.EndOfStream)
                {
                    break;
                }

                if (request.AsSpan(0, message.Length).StartsWith("GET /health"u8))
                {
                    await client.SendAsync(_health);
                    continue;
                }

                if (!await leg.ForwardAsync(client, request, message, answer))
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            // A peer went away: drop the connection.
        }
        finally
        {
            client.Dispose();
            leg.Dispose();
        }
    }
}

/// <summary>The connection's own keep-alive upstream socket; the request written as it came, the answer relayed as is.</summary>
internal sealed class SocketLeg(IPEndPoint endPoint) : IUpstreamLeg
{
    private static readonly byte[] _lastChunk = "0\r\n\r\n"u8.ToArray();
    private Socket? _upstream;

    public async ValueTask<bool> ForwardAsync(Socket client, byte[] request, Http1Message message, byte[] buffer)
    {
        if (_upstream is null)
        {
            _upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await _upstream.ConnectAsync(endPoint);
        }

        await _upstream.SendAsync(request.AsMemory(0, message.Length));
        return await RelayAnswerAsync(_upstream, client, buffer);
    }

    public void Dispose() => _upstream?.Dispose();

    /// <summary>Relays one answer as it arrives, framing and all: false when the upstream closed.</summary>
    private static async ValueTask<bool> RelayAnswerAsync(Socket upstream, Socket client, byte[] buffer)
    {
        var message = await Http1.ReadMessageAsync(upstream, buffer);
        if (message.EndOfStream)
        {
            return false;
        }

        await client.SendAsync(buffer.AsMemory(0, message.Length));
        if (!message.Chunked)
        {
            return true;
        }

        // A chunked answer (a stream) is passed on piece by piece until its last chunk.
        var tail = new byte[_lastChunk.Length];
        var tailLength = Append(tail, 0, buffer.AsSpan(0, message.Length));
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
}

/// <summary>Writes each piece as one chunk (size line, payload, CRLF in one send), and the last chunk at the end.</summary>
internal sealed class ChunkFramer(Socket client)
{
    private static readonly byte[] _lastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly byte[] _frame = new byte[64 * 1024 + 16];

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> payload)
    {
        var headLength = Encoding.ASCII.GetBytes($"{payload.Length:x}\r\n", _frame);
        payload.Span.CopyTo(_frame.AsSpan(headLength));
        "\r\n"u8.CopyTo(_frame.AsSpan(headLength + payload.Length));
        await client.SendAsync(_frame.AsMemory(0, headLength + payload.Length + 2));
    }

    public async ValueTask<bool> EndAsync()
    {
        await client.SendAsync(_lastChunk);
        return true;
    }
}

/// <summary>The upstream leg through SocketsHttpHandler, set up as the gateway's; the invoker is shared by all connections.</summary>
internal sealed class HttpClientLeg(HttpMessageInvoker invoker, Uri upstream) : IUpstreamLeg
{
    private static readonly MediaTypeHeaderValue _json = new("application/json");

    public static HttpMessageInvoker CreateInvoker() => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ActivityHeadersPropagator = null,
    });

    public void Dispose()
    {
        // The invoker outlives the connection.
    }

    public async ValueTask<bool> ForwardAsync(Socket client, byte[] request, Http1Message message, byte[] buffer)
    {
        using var forward = new HttpRequestMessage(HttpMethod.Post, upstream)
        {
            Content = new ReadOnlyMemoryContent(request.AsMemory(message.HeadLength, message.Length - message.HeadLength)),
        };
        forward.Content.Headers.ContentType = _json;
        forward.Headers.TryAddWithoutValidation("Authorization", Http1.Header(request.AsSpan(0, message.HeadLength), "Authorization"u8));
        using var answer = await invoker.SendAsync(forward, CancellationToken.None);
        var contentLength = answer.Content.Headers.ContentLength;
        var head = $"HTTP/1.1 {(int)answer.StatusCode} {answer.ReasonPhrase}\r\nContent-Type: {answer.Content.Headers.ContentType}\r\n"
            + (contentLength is { } length ? $"Content-Length: {length}\r\n\r\n" : "Transfer-Encoding: chunked\r\n\r\n");
        var headLength = Encoding.ASCII.GetBytes(head, buffer);
        await using var body = await answer.Content.ReadAsStreamAsync();
        if (contentLength is not null)
        {
            // Head and body in one send, as Kestrel does for a body written at once.
            var filled = headLength;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(filled))) > 0)
            {
                filled += read;
            }

            await client.SendAsync(buffer.AsMemory(0, filled));
            return true;
        }

        await client.SendAsync(buffer.AsMemory(0, headLength));
        var framer = new ChunkFramer(client);
        int piece;
        while ((piece = await body.ReadAsync(buffer)) > 0)
        {
            await framer.WriteAsync(buffer.AsMemory(0, piece));
        }

        return await framer.EndAsync();
    }
}
