using System.Buffers;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// Keeps the last few kilobytes of a JSON answer as it is copied: OpenAI-format answers put <c>usage</c> at (or
/// near) the end, so the tail is enough to read it without holding the whole answer.
/// </summary>
internal sealed class TailUsageObserver : IDisposable
{
    private const int TailBytes = 16 * 1024;

    private byte[] _tail = ArrayPool<byte>.Shared.Rent(TailBytes);
    private int _length;

    public void Observe(ReadOnlySpan<byte> data)
    {
        var capacity = _tail.Length;
        if (data.Length >= capacity)
        {
            data[^capacity..].CopyTo(_tail);
            _length = capacity;
            return;
        }

        var keep = Math.Min(_length, capacity - data.Length);
        if (keep < _length)
        {
            _tail.AsSpan(_length - keep, keep).CopyTo(_tail);
        }

        data.CopyTo(_tail.AsSpan(keep));
        _length = keep + data.Length;
    }

    public TokenUsage Usage => UsageReader.TryFind(_tail.AsSpan(0, _length), out var usage) ? usage : default;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_tail);
        _tail = [];
    }
}
