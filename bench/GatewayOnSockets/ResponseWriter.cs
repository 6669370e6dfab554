using System.Buffers;
using System.IO.Pipelines;

/// <summary>The response body's writer: a pooled buffer the exchange sends on every flush and at the end.</summary>
internal sealed class ResponseWriter(Http1Exchange exchange) : PipeWriter
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _length;

    public ArraySegment<byte> Buffered => new(_buffer, 0, _length);

    /// <summary>Empties the buffer: after a send, or to drop a body that will not be sent.</summary>
    public void Reset() => _length = 0;

    public void Release()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    public override void Advance(int bytes) => _length += bytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_length);

    public override Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_length);

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    public override ValueTask CompleteAsync(Exception? exception = null) => ValueTask.CompletedTask;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => exchange.SendAsync(final: false);

    private byte[] Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _length < sizeHint)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + sizeHint));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        return _buffer;
    }
}
