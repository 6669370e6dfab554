namespace Switchyard.Gateway.Requests;

/// <summary>A slice of the original UTF-8 body.</summary>
public readonly record struct JsonByteRange(int Start, int Length)
{
    public int End => Start + Length;

    public ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> utf8) => utf8.Slice(Start, Length);
}
