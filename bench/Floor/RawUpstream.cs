using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// The upstream leg over plain sockets: a pool of keep-alive connections, one request at a time on each, the answer
/// copied into Kestrel's response (a chunked one de-chunked piece by piece, so streams flow). Only what the bench sends.
/// </summary>
internal sealed class RawUpstream(Uri upstream) : IDisposable
{
    private readonly ConcurrentBag<Connection> _idle = [];
    private readonly IPEndPoint _endPoint = new(IPAddress.Parse(upstream.Host), upstream.Port);
    private readonly string _requestLine = $"POST {upstream.PathAndQuery} HTTP/1.1\r\nHost: {upstream.Authority}\r\nContent-Type: application/json\r\n";

    public async Task ForwardAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var head = $"{_requestLine}Authorization: {context.Request.Headers.Authorization}\r\nContent-Length: {body.Length}\r\n\r\n";
        var (connection, message) = await ExchangeAsync(head, body);
        if (connection is null)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        var buffer = connection.Buffer;
        var response = context.Response;
        var answerHead = buffer.AsSpan(0, message.HeadLength);
        response.StatusCode = Http1.StatusCode(answerHead);
        response.ContentType = Http1.Header(answerHead, "Content-Type"u8);
        if (!message.Chunked)
        {
            response.ContentLength = message.ContentLength;
            await response.Body.WriteAsync(buffer.AsMemory(message.HeadLength, message.ContentLength));
            _idle.Add(connection);
            return;
        }

        var output = response.Body;
        if (await Http1.DechunkAsync(connection.Socket, buffer, message.HeadLength, message.Length, piece => output.WriteAsync(piece)))
        {
            _idle.Add(connection);
        }
        else
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// Sends the request and reads the answer's head. A pooled connection the upstream closed while it was idle fails
    /// before any answer, so the request is sent once more on a new one, as HttpClient does.
    /// </summary>
    private async Task<(Connection? Connection, Http1Message Message)> ExchangeAsync(string head, ReadOnlyMemory<byte> body)
    {
        var reused = _idle.TryTake(out var connection);
        while (true)
        {
            connection ??= await Connection.OpenAsync(_endPoint);
            var buffer = connection.Buffer;
            var headLength = Encoding.ASCII.GetBytes(head, buffer);
            body.Span.CopyTo(buffer.AsSpan(headLength));
            try
            {
                await connection.Socket.SendAsync(buffer.AsMemory(0, headLength + body.Length));
                var message = await Http1.ReadMessageAsync(connection.Socket, buffer);
                if (!message.EndOfStream)
                {
                    return (connection, message);
                }
            }
            catch (SocketException) when (reused)
            {
                // Retried below on a new connection.
            }

            connection.Dispose();
            if (!reused)
            {
                return (null, default);
            }

            (connection, reused) = (null, false);
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private sealed class Connection(Socket socket) : IDisposable
    {
        public Socket Socket { get; } = socket;

        public byte[] Buffer { get; } = new byte[64 * 1024];

        public static async Task<Connection> OpenAsync(IPEndPoint endPoint)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint);
            return new Connection(socket);
        }

        public void Dispose() => Socket.Dispose();
    }
}
