using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchyard.Domain.Routing;

/// <summary>
/// The sticky-session key of a request: the values at a group's hash fields (dot paths into the body), hashed.
/// Each path contributes its name, whether it was present, the JSON kind and the length-prefixed value, so no two
/// different sets of values can run together into the same input ("ab"+"c" vs "a"+"bc", "1" vs 1, missing vs "").
/// The order of properties inside the body does not matter; the order of the configured paths does.
/// The key is not scoped: prefix it with the group ID (and organization) before storing it.
/// </summary>
public static class StickyKey
{
    /// <summary>Bytes of SHA-256 kept: 128 bits is ample against accidental collisions, and short to store.</summary>
    public const int HashBytes = 16;

    private const byte Missing = 0;
    private const byte String = (byte)'s';
    private const byte Number = (byte)'n';
    private const byte True = (byte)'t';
    private const byte False = (byte)'f';
    private const byte Json = (byte)'j';

    /// <summary>
    /// A 22-character base64url key, or null when none of <paramref name="dotPaths"/> is present (JSON <c>null</c>
    /// counts as absent): then the request is not sticky and is routed by the strategy alone.
    /// </summary>
    public static string? Derive(JsonElement body, IReadOnlyList<string> dotPaths)
    {
        ArgumentNullException.ThrowIfNull(dotPaths);
        if (dotPaths.Count == 0 || body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var anyPresent = false;
        foreach (var path in dotPaths)
        {
            AppendLengthPrefixed(hash, Encoding.UTF8.GetBytes(path ?? string.Empty));
            if (path is not null && TryNavigate(body, path, out var value))
            {
                anyPresent = true;
                AppendValue(hash, value);
            }
            else
            {
                hash.AppendData([Missing]);
            }
        }

        if (!anyPresent)
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Base64Url.EncodeToString(digest[..HashBytes]);
    }

    /// <summary>Same as <see cref="Derive(JsonElement, IReadOnlyList{string})"/> over a raw UTF-8 body; null for malformed JSON too.</summary>
    public static string? Derive(ReadOnlySpan<byte> utf8Body, IReadOnlyList<string> dotPaths)
    {
        ArgumentNullException.ThrowIfNull(dotPaths);
        if (dotPaths.Count == 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Body, new JsonReaderOptions { MaxDepth = 128 });
            using var document = JsonDocument.ParseValue(ref reader);
            return Derive(document.RootElement, dotPaths);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Follows <paramref name="path"/> through objects (and arrays, for numeric segments); false when a step is missing or the value is null.</summary>
    public static bool TryNavigate(JsonElement root, string path, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(path);
        value = root;
        var rest = path.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var segment = dot < 0 ? rest : rest[..dot];
            if (segment.IsEmpty)
            {
                return false;
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                if (!value.TryGetProperty(segment, out value))
                {
                    return false;
                }
            }
            else if (value.ValueKind == JsonValueKind.Array && int.TryParse(segment, System.Globalization.NumberStyles.None, null, out var index)
                && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                return false;
            }

            if (dot < 0)
            {
                return value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
            }

            rest = rest[(dot + 1)..];
        }
    }

    private static void AppendValue(IncrementalHash hash, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                hash.AppendData([String]);
                AppendLengthPrefixed(hash, Encoding.UTF8.GetBytes(value.GetString()!));
                break;
            case JsonValueKind.Number:
                hash.AppendData([Number]);
                AppendLengthPrefixed(hash, Encoding.UTF8.GetBytes(value.GetRawText()));
                break;
            case JsonValueKind.True:
                hash.AppendData([True]);
                break;
            case JsonValueKind.False:
                hash.AppendData([False]);
                break;
            default:
                // Objects and arrays as their raw JSON: exact, if sensitive to formatting (clients send the same bytes each time).
                hash.AppendData([Json]);
                AppendLengthPrefixed(hash, Encoding.UTF8.GetBytes(value.GetRawText()));
                break;
        }
    }

    private static void AppendLengthPrefixed(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
