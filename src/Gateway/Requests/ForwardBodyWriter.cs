using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Gateway.Requests;

/// <summary>
/// Cuts the forward body together from slices of the original: each kept member is copied with the whitespace
/// and comma that preceded it, so formatting, number spellings and escapes survive byte for byte.
/// </summary>
internal static class ForwardBodyWriter
{
    private const int StackOverrideLimit = 64;

    public static int Write(GatewayRequestBody body, IBufferWriter<byte> output, string model, ParameterOverrides? overrides)
    {
        var utf8 = body.Utf8.Span;
        var members = body.Members;
        var entries = overrides?.Entries ?? [];
        Span<bool> used = entries.Length <= StackOverrideLimit ? stackalloc bool[entries.Length] : new bool[entries.Length];

        var written = 0;
        var emitted = 0;
        var modelWritten = false;

        // Everything up to and including '{' (a BOM or leading whitespace included).
        written += Copy(output, utf8[..(body.ObjectStart + 1)]);

        if (!HasModel(members))
        {
            written += WriteModelMember(output, model);
            emitted++;
            modelWritten = true;
        }

        var previousEnd = body.ObjectStart + 1;
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[i];
            var gap = utf8[previousEnd..member.NameStart];
            previousEnd = member.End;

            var overrideIndex = -1;
            switch (member.Field)
            {
                case GatewayField.Model when modelWritten:
                case GatewayField.LoadBalanceGroup:
                case GatewayField.DeprecatedLoadBalanceModels:
                case GatewayField.FallbackModels:
                case GatewayField.Metadata:
                    continue;
                case GatewayField.Model:
                    break;
                case GatewayField.None:
                    if (entries.Length > 0 && (overrideIndex = FindOverride(utf8, member, overrides!)) >= 0)
                    {
                        if (used[overrideIndex])
                        {
                            continue; // a repeated key the override already replaced
                        }

                        used[overrideIndex] = true;
                    }

                    break;
            }

            written += WriteSeparator(output, gap, emitted);
            emitted++;

            var nameAndColon = utf8[member.NameStart..member.ValueStart];
            if (member.Field == GatewayField.Model)
            {
                written += Copy(output, nameAndColon);
                written += WriteJsonString(output, model);
                modelWritten = true;
            }
            else if (overrideIndex >= 0)
            {
                written += Copy(output, nameAndColon);
                written += Copy(output, entries[overrideIndex].Value);
            }
            else
            {
                written += Copy(output, utf8[member.NameStart..member.End]);
            }
        }

        for (var i = 0; i < entries.Length; i++)
        {
            if (used[i])
            {
                continue;
            }

            if (emitted++ > 0)
            {
                written += Copy(output, ","u8);
            }

            written += Copy(output, "\""u8);
            written += Copy(output, entries[i].EncodedName);
            written += Copy(output, "\":"u8);
            written += Copy(output, entries[i].Value);
        }

        // Whitespace, '}' and anything after it, exactly as sent.
        written += Copy(output, utf8[previousEnd..]);
        return written;
    }

    private static bool HasModel(ReadOnlySpan<TopLevelMember> members)
    {
        foreach (var member in members)
        {
            if (member.Field == GatewayField.Model)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The original gap before a member holds a comma (unless the member was first) and whitespace. The first
    /// member written must lose its comma; a later one needs one even if it was first in the original.
    /// </summary>
    private static int WriteSeparator(IBufferWriter<byte> output, ReadOnlySpan<byte> gap, int emitted)
    {
        var comma = gap.IndexOf((byte)',');
        if (emitted == 0)
        {
            return Copy(output, comma < 0 ? gap : gap[(comma + 1)..]);
        }

        return comma < 0 ? Copy(output, ","u8) + Copy(output, gap) : Copy(output, gap);
    }

    private static int FindOverride(ReadOnlySpan<byte> utf8, TopLevelMember member, ParameterOverrides overrides)
    {
        var raw = utf8.Slice(member.NameStart + 1, member.NameLength);
        if (!member.NameEscaped)
        {
            return overrides.IndexOf(raw);
        }

        // Escaped keys are rare: decode through a reader over the quoted name.
        var reader = new Utf8JsonReader(utf8.Slice(member.NameStart, member.NameLength + 2));
        reader.Read();
        var entries = overrides.Entries;
        for (var i = 0; i < entries.Length; i++)
        {
            if (reader.ValueTextEquals(entries[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static int WriteModelMember(IBufferWriter<byte> output, string model) =>
        Copy(output, "\"model\":"u8) + WriteJsonString(output, model);

    private static int WriteJsonString(IBufferWriter<byte> output, string value)
    {
        if (!NeedsEscaping(value))
        {
            var length = value.Length + 2;
            var span = output.GetSpan(length);
            span[0] = (byte)'"';
            Encoding.ASCII.GetBytes(value, span[1..]);
            span[length - 1] = (byte)'"';
            output.Advance(length);
            return length;
        }

        var encoded = JsonEncodedText.Encode(value);
        return Copy(output, "\""u8) + Copy(output, encoded.EncodedUtf8Bytes) + Copy(output, "\""u8);
    }

    private static bool NeedsEscaping(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            {
                return true;
            }
        }

        return false;
    }

    private static int Copy(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        return bytes.Length;
    }
}
