using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Switchyard.Gateway.Requests;

/// <summary>
/// A target's parameter overrides, parsed once per configured string and kept as raw UTF-8 slices ready to splice.
/// Cached by string instance: route snapshots hold the same string for their lifetime, and the cache entry goes
/// with it when a reload drops the snapshot.
/// </summary>
internal sealed class ParameterOverrides
{
    private static readonly ConditionalWeakTable<string, ParameterOverrides> _cache = new();

    private ParameterOverrides(Entry[] entries)
    {
        Entries = entries;
    }

    public Entry[] Entries { get; }

    public static ParameterOverrides Get(string json) => _cache.GetValue(json, Parse);

    /// <summary>Index of the override whose key equals <paramref name="unescapedName"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> unescapedName)
    {
        var entries = Entries;
        for (var i = 0; i < entries.Length; i++)
        {
            if (unescapedName.SequenceEqual(entries[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static ParameterOverrides Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("Parameter overrides must be a JSON object.", nameof(json), ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("Parameter overrides must be a JSON object.", nameof(json));
            }

            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (IsReserved(property.Name))
                {
                    continue;
                }

                var name = Encoding.UTF8.GetBytes(property.Name);
                var encodedName = JsonEncodedText.Encode(property.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
                var value = Encoding.UTF8.GetBytes(property.Value.GetRawText());

                // A repeated key in the overrides: the last one wins, as in any JSON reader that keeps one.
                var existing = entries.FindIndex(e => e.Name.AsSpan().SequenceEqual(name));
                var entry = new Entry(name, encodedName.EncodedUtf8Bytes.ToArray(), value);
                if (existing >= 0)
                {
                    entries[existing] = entry;
                }
                else
                {
                    entries.Add(entry);
                }
            }

            return new ParameterOverrides([.. entries]);
        }
    }

    /// <summary>
    /// Keys an override may not touch: the target's model is set by routing, <c>stream</c> decides the shape of the
    /// answer the client is waiting for, and gateway fields never reach an upstream.
    /// </summary>
    private static bool IsReserved(string name) =>
        name is "model" or "stream" or "load_balance_group" or "loadbalance_models" or "fallback_models" or "metadata";

    /// <param name="Name">The key, unescaped UTF-8, for comparing with body keys.</param>
    /// <param name="EncodedName">The key as JSON string content (escaped, without quotes), for appending.</param>
    /// <param name="Value">The raw JSON value.</param>
    internal sealed record Entry(byte[] Name, byte[] EncodedName, byte[] Value);
}
