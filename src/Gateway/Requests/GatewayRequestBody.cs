using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Requests;

/// <summary>
/// A request body as the gateway sees it: the original UTF-8 bytes, the gateway fields read in one
/// <see cref="System.Text.Json.Utf8JsonReader"/> pass over the top level, and the byte ranges of every top-level
/// member, so the forward body is cut together from untouched slices instead of being re-serialized.
/// </summary>
/// <remarks>
/// The instance keeps a reference to the buffer it was parsed from: the caller owns that buffer and must keep it
/// unchanged for as long as the instance (or anything written from it) is in use.
/// </remarks>
public sealed class GatewayRequestBody
{
    private readonly TopLevelMember[] _members;
    private readonly int _memberCount;

    internal GatewayRequestBody(ReadOnlyMemory<byte> utf8, TopLevelMember[] members, int memberCount, int objectStart, int objectEnd)
    {
        Utf8 = utf8;
        _members = members;
        _memberCount = memberCount;
        ObjectStart = objectStart;
        ObjectEnd = objectEnd;
    }

    /// <summary>The original body.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary><c>model</c>; null when absent or JSON null (the last one wins if the key repeats).</summary>
    public string? Model { get; internal init; }

    /// <summary><c>load_balance_group.group_id</c>; null when absent or JSON null.</summary>
    public string? GroupId { get; internal init; }

    /// <summary>Whether the body has a <c>load_balance_group</c> object at all.</summary>
    public bool HasLoadBalanceGroup { get; internal init; }

    /// <summary><c>load_balance_group.models</c>, else the deprecated <c>loadbalance_models</c>; null when neither was sent.</summary>
    public IReadOnlyList<InlineModel>? InlineModels { get; internal init; }

    /// <summary>True when <see cref="InlineModels"/> came from the deprecated <c>loadbalance_models</c>.</summary>
    public bool InlineFromDeprecatedAlias { get; internal init; }

    /// <summary>True whenever <c>loadbalance_models</c> was sent, even if <c>load_balance_group.models</c> took precedence: answer with a <c>Deprecation</c> header.</summary>
    public bool SentDeprecatedAlias { get; internal init; }

    /// <summary><c>fallback_models</c>, in order; empty when absent or JSON null.</summary>
    public IReadOnlyList<string> FallbackModels { get; internal init; } = [];

    /// <summary><c>stream</c>; false when absent or JSON null.</summary>
    public bool Stream { get; internal init; }

    /// <summary><c>stream_options.include_usage</c> is <c>true</c>.</summary>
    public bool IncludeUsage { get; internal init; }

    /// <summary>The raw value of <c>metadata</c> (any JSON type, as sent); null when absent.</summary>
    public JsonByteRange? Metadata { get; internal init; }

    /// <summary>The raw bytes of <c>metadata</c>, or empty when absent.</summary>
    public ReadOnlyMemory<byte> MetadataJson => Metadata is { } range ? range.Slice(Utf8) : ReadOnlyMemory<byte>.Empty;

    /// <summary>Every top-level member in body order, gateway fields included (see <see cref="TopLevelMember.Field"/>).</summary>
    public ReadOnlySpan<TopLevelMember> Members => _members.AsSpan(0, _memberCount);

    /// <summary>Offset of the body's opening brace.</summary>
    public int ObjectStart { get; }

    /// <summary>Offset of the body's closing brace.</summary>
    public int ObjectEnd { get; }

    /// <summary>Reads the gateway fields of a request body; never throws for bad input.</summary>
    public static GatewayBodyParseResult Parse(ReadOnlyMemory<byte> utf8Body) => GatewayBodyParser.Parse(utf8Body);

    /// <summary><see cref="Parse"/> in the Try form.</summary>
    public static bool TryParse(
        ReadOnlyMemory<byte> utf8Body,
        [NotNullWhen(true)] out GatewayRequestBody? body,
        [NotNullWhen(false)] out GatewayBodyError? error)
    {
        var result = GatewayBodyParser.Parse(utf8Body);
        body = result.Body;
        error = result.Error;
        return result.Success;
    }

    /// <summary>The routing-relevant fields, for the Domain's resolver.</summary>
    public RoutingRequest ToRoutingRequest() => new()
    {
        Model = Model,
        GroupId = GroupId,
        InlineModels = InlineModels,
        InlineFromDeprecatedAlias = InlineFromDeprecatedAlias,
        FallbackModels = FallbackModels,
    };

    /// <summary>
    /// Writes the body to forward to an OpenAI-format upstream: gateway fields (<c>load_balance_group</c>,
    /// <c>loadbalance_models</c>, <c>fallback_models</c>, <c>metadata</c>) removed, <c>model</c> set to
    /// <paramref name="model"/> (in place, or first when absent), and the top-level keys of
    /// <paramref name="parameterOverridesJson"/> replacing the body's (in place, or appended). Every other byte
    /// is copied from the original buffer unchanged.
    /// </summary>
    /// <param name="output">Where to write; typically a <see cref="PooledByteBufferWriter"/> reused across attempts.</param>
    /// <param name="model">The target's model as the provider knows it.</param>
    /// <param name="parameterOverridesJson">A JSON object, or null. Its <c>model</c>, <c>stream</c> and gateway-field keys are ignored.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="parameterOverridesJson"/> is not a JSON object (configuration is validated when saved, so this is a bug).</exception>
    public int WriteForwardBody(IBufferWriter<byte> output, string model, string? parameterOverridesJson)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(model);
        var overrides = parameterOverridesJson is null ? null : ParameterOverrides.Get(parameterOverridesJson);
        return ForwardBodyWriter.Write(this, output, model, overrides);
    }
}
