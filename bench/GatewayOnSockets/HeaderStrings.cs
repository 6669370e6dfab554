using System.Text;

/// <summary>
/// The strings of a connection's last request head, reused when the next request repeats a header line byte for byte
/// (as Kestrel does): the gateway remembers the API key's hash for the very string instance it came from.
/// </summary>
internal sealed class HeaderStrings
{
    private readonly List<(byte[] Line, string Name, string Value)> _lines = [];

    public (string Name, string Value) Get(int index, ReadOnlySpan<byte> line, int colon)
    {
        if (index < _lines.Count && line.SequenceEqual(_lines[index].Line))
        {
            return (_lines[index].Name, _lines[index].Value);
        }

        var name = Encoding.ASCII.GetString(line[..colon]);
        var value = Encoding.Latin1.GetString(line[(colon + 1)..].Trim((byte)' '));
        var entry = (line.ToArray(), name, value);
        if (index < _lines.Count)
        {
            _lines[index] = entry;
        }
        else
        {
            _lines.Add(entry);
        }

        return (name, value);
    }
}
