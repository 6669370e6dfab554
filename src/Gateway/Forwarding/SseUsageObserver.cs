using System.Buffers;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// Watches an OpenAI-format event stream as it is copied and keeps the last <c>usage</c> it carried (the final
/// chunk with <c>stream_options.include_usage</c>, or every chunk with some providers). Holds at most one line;
/// lines longer than the limit are content, not usage, and are skipped.
/// </summary>
internal sealed class SseUsageObserver : IDisposable
{
    private const int MaxLineBytes = 64 * 1024;

    private byte[] _line = ArrayPool<byte>.Shared.Rent(1024);
    private int _lineLength;
    private bool _skippingLine;

    public TokenUsage Usage { get; private set; }

    public void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var piece = newline < 0 ? data : data[..newline];
            if (newline < 0)
            {
                Buffer(piece);
                return;
            }

            if (_lineLength == 0 && !_skippingLine)
            {
                Inspect(piece);
            }
            else
            {
                Buffer(piece);
                if (!_skippingLine)
                {
                    Inspect(_line.AsSpan(0, _lineLength));
                }
            }

            _lineLength = 0;
            _skippingLine = false;
            data = data[(newline + 1)..];
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_line);
        _line = [];
    }

    private void Buffer(ReadOnlySpan<byte> piece)
    {
        if (_skippingLine)
        {
            return;
        }

        if (_lineLength + piece.Length > MaxLineBytes)
        {
            _skippingLine = true;
            return;
        }

        if (_lineLength + piece.Length > _line.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_line.Length * 2, _lineLength + piece.Length));
            _line.AsSpan(0, _lineLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_line);
            _line = larger;
        }

        piece.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += piece.Length;
    }

    private void Inspect(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("data:"u8) && UsageReader.TryFind(line[5..], out var usage))
        {
            Usage = usage;
        }
    }
}
