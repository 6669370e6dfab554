namespace Switchyard.Gateway.Requests;

/// <summary>
/// One top-level <c>"name": value</c> of the body, by byte offsets into the original buffer, so the forward body
/// can be cut together from untouched slices.
/// </summary>
/// <param name="NameStart">Offset of the opening quote of the name.</param>
/// <param name="NameLength">Length of the name between its quotes, as written (escapes not decoded).</param>
/// <param name="NameEscaped">Whether the name contains JSON escapes, so raw bytes cannot be compared.</param>
/// <param name="ValueStart">Offset of the first byte of the value.</param>
/// <param name="End">Offset just past the last byte of the value.</param>
/// <param name="Field">What the member means to the gateway.</param>
public readonly record struct TopLevelMember(int NameStart, int NameLength, bool NameEscaped, int ValueStart, int End, GatewayField Field)
{
    /// <summary>The whole member, name to end of value.</summary>
    public JsonByteRange Range => new(NameStart, End - NameStart);

    /// <summary>The value alone.</summary>
    public JsonByteRange Value => new(ValueStart, End - ValueStart);
}
