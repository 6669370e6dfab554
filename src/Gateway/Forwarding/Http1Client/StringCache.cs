using System.Text;

namespace Switchyard.Gateway.Forwarding.Http1Client;

/// <summary>
/// Header names and values of one upstream connection as strings, reused while their bytes repeat: an upstream sends
/// the same names, and mostly the same values, answer after answer, so most headers cost no allocation.
/// </summary>
internal sealed class StringCache
{
    private const int Slots = 32;

    private readonly Entry?[] _names = new Entry?[Slots];
    private readonly Entry?[] _values = new Entry?[Slots];

    public string Name(ReadOnlySpan<byte> bytes) => Get(_names, bytes, 0);

    /// <summary>A value, looked up under its header's name (whose string is the cached, stable one).</summary>
    public string Value(string name, ReadOnlySpan<byte> bytes) => Get(_values, bytes, name.GetHashCode(StringComparison.Ordinal));

    private static string Get(Entry?[] entries, ReadOnlySpan<byte> bytes, int salt)
    {
        var slot = (int)((uint)(HashCode.Combine(salt, bytes.Length, bytes.IsEmpty ? 0 : bytes[0], bytes.IsEmpty ? 0 : bytes[^1])) % Slots);
        if (entries[slot] is { } entry && bytes.SequenceEqual(entry.Bytes))
        {
            return entry.Text;
        }

        var text = Encoding.Latin1.GetString(bytes);
        entries[slot] = new Entry(bytes.ToArray(), text);
        return text;
    }

    private sealed record Entry(byte[] Bytes, string Text);
}
