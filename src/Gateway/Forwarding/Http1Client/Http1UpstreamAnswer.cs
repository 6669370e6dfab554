using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Forwarding.Http1Client;

/// <summary><see cref="UpstreamAnswer"/> of the gateway's own HTTP/1.1 client; disposing it releases the connection.</summary>
internal sealed class Http1UpstreamAnswer(Http1UpstreamConnection connection) : UpstreamAnswer
{
    private Http1UpstreamConnection? _connection = connection;

    public override int StatusCode => Head.StatusCode;

    public override long? ContentLength => Head.Framing switch
    {
        AnswerFraming.ContentLength => Head.ContentLength,
        AnswerFraming.None => 0,
        _ => null,
    };

    public override string? MediaType => Head.MediaType;

    private ResponseHead Head => (_connection ?? throw new ObjectDisposedException(nameof(Http1UpstreamAnswer))).Head;

    public override string? Header(string name) => Head.Header(name);

    public override ValueTask<Stream> OpenContentAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<Stream>(new Body(this));

    public override void CopyHeadersTo(ClientExchange client, bool translated)
    {
        var headers = Head.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (!ShouldCopy(name, translated))
            {
                continue;
            }

            if (IndexOf(headers, name, i + 1) < 0 && IndexOf(headers, name, 0) == i)
            {
                client.SetHeader(name, value);
            }
            else if (IndexOf(headers, name, 0) == i)
            {
                // A repeated header: every value, each on its line, as the upstream sent them.
                client.SetHeader(name, headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToArray());
            }
        }
    }

    public override void Dispose() => Interlocked.Exchange(ref _connection, null)?.Release();

    private static int IndexOf(IReadOnlyList<KeyValuePair<string, string>> headers, string name, int from)
    {
        for (var i = from; i < headers.Count; i++)
        {
            if (headers[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The answer's body as a read-only stream over the connection.</summary>
    private sealed class Body(Http1UpstreamAnswer answer) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            answer._connection is { } connection ? connection.ReadBodyAsync(buffer) : throw new ObjectDisposedException(nameof(Body));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("The upstream body is read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
