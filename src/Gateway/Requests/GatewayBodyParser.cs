using System.Text.Json;
using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Requests;

/// <summary>
/// One <see cref="Utf8JsonReader"/> pass over the body. Only the top level and the gateway fields are looked at;
/// everything else is skipped (and so still validated as JSON). A type error is remembered and reported only if
/// the whole body turns out to be valid JSON, so malformed JSON always wins as the more basic complaint.
/// </summary>
internal static class GatewayBodyParser
{
    private const int MaxDepth = 256;
    private const string InlineParam = "load_balance_group.models";
    private const string DeprecatedInlineParam = "loadbalance_models";
    private const string GroupIdParam = "load_balance_group.group_id";

    public static GatewayBodyParseResult Parse(ReadOnlyMemory<byte> utf8)
    {
        var state = new State();
        try
        {
            var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read())
            {
                return InvalidJson();
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return new GatewayBodyError(GatewayBodyErrorCodes.InvalidJson, "The request body must be a JSON object.", null);
            }

            var objectStart = (int)reader.TokenStartIndex;
            var members = new TopLevelMember[8];
            var count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var nameLength = reader.ValueSpan.Length;
                var nameEscaped = reader.ValueIsEscaped;
                var name = Classify(ref reader);
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                ReadValue(ref reader, name, ref state);
                var field = ToGatewayField(name);

                if (count == members.Length)
                {
                    Array.Resize(ref members, count * 2);
                }

                members[count++] = new TopLevelMember(nameStart, nameLength, nameEscaped, valueStart, (int)reader.BytesConsumed, field);
                if (field == GatewayField.Metadata)
                {
                    state.Metadata = new JsonByteRange(valueStart, (int)reader.BytesConsumed - valueStart);
                }
            }

            var objectEnd = (int)reader.TokenStartIndex;

            // Anything but whitespace after the object makes Read throw.
            while (reader.Read())
            {
            }

            if (state.Error is { } error)
            {
                return error;
            }

            return new GatewayRequestBody(utf8, members, count, objectStart, objectEnd)
            {
                Model = state.Model,
                GroupId = state.GroupId,
                HasLoadBalanceGroup = state.HasLoadBalanceGroup,
                InlineModels = state.GroupModels ?? state.AliasModels,
                InlineFromDeprecatedAlias = state.GroupModels is null && state.AliasModels is not null,
                SentDeprecatedAlias = state.SentAlias,
                FallbackModels = state.FallbackModels ?? [],
                Stream = state.Stream,
                IncludeUsage = state.IncludeUsage,
                Metadata = state.Metadata,
            };
        }
        catch (JsonException)
        {
            return InvalidJson();
        }
        catch (InvalidOperationException)
        {
            // GetString on invalid UTF-8.
            return InvalidJson();
        }
    }

    private static GatewayBodyError InvalidJson() => new(GatewayBodyErrorCodes.InvalidJson, GatewayBodyErrorCodes.InvalidJsonMessage, null);

    private static KnownName Classify(ref Utf8JsonReader reader)
    {
        // Ordered by how often the names occur in real bodies; ValueTextEquals also matches escaped spellings.
        if (reader.ValueTextEquals("model"u8))
        {
            return KnownName.Model;
        }

        if (reader.ValueTextEquals("stream"u8))
        {
            return KnownName.Stream;
        }

        if (reader.ValueTextEquals("stream_options"u8))
        {
            return KnownName.StreamOptions;
        }

        if (reader.ValueTextEquals("metadata"u8))
        {
            return KnownName.Metadata;
        }

        if (reader.ValueTextEquals("load_balance_group"u8))
        {
            return KnownName.LoadBalanceGroup;
        }

        if (reader.ValueTextEquals("fallback_models"u8))
        {
            return KnownName.FallbackModels;
        }

        return reader.ValueTextEquals("loadbalance_models"u8) ? KnownName.DeprecatedLoadBalanceModels : KnownName.Other;
    }

    private static GatewayField ToGatewayField(KnownName name) => name switch
    {
        KnownName.Model => GatewayField.Model,
        KnownName.LoadBalanceGroup => GatewayField.LoadBalanceGroup,
        KnownName.DeprecatedLoadBalanceModels => GatewayField.DeprecatedLoadBalanceModels,
        KnownName.FallbackModels => GatewayField.FallbackModels,
        KnownName.Metadata => GatewayField.Metadata,
        KnownName.Other or KnownName.Stream or KnownName.StreamOptions => GatewayField.None,
        _ => GatewayField.None,
    };

    /// <summary>Reads one top-level value; leaves the reader on its last token.</summary>
    private static void ReadValue(ref Utf8JsonReader reader, KnownName name, ref State state)
    {
        switch (name)
        {
            case KnownName.Model:
                state.Model = ReadOptionalString(ref reader, "model", ref state);
                return;
            case KnownName.Stream:
                ReadStream(ref reader, ref state);
                return;
            case KnownName.StreamOptions:
                state.IncludeUsage = ReadIncludeUsage(ref reader);
                return;
            case KnownName.LoadBalanceGroup:
                ReadLoadBalanceGroup(ref reader, ref state);
                return;
            case KnownName.DeprecatedLoadBalanceModels:
                state.SentAlias = true;
                state.AliasModels = ReadInlineModels(ref reader, DeprecatedInlineParam, ref state);
                return;
            case KnownName.FallbackModels:
                state.FallbackModels = ReadStringArray(ref reader, "fallback_models", ref state);
                return;
            case KnownName.Metadata:
            case KnownName.Other:
            default:
                reader.Skip();
                return;
        }
    }

    private static void ReadStream(ref Utf8JsonReader reader, ref State state)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                state.Stream = true;
                return;
            case JsonTokenType.False:
            case JsonTokenType.Null:
                state.Stream = false;
                return;
            default:
                state.Fail(GatewayBodyErrorCodes.InvalidType, "'stream' must be a boolean.", "stream");
                reader.Skip();
                return;
        }
    }

    /// <summary><c>stream_options.include_usage</c>; anything malformed here is the upstream's to reject.</summary>
    private static bool ReadIncludeUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var include = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                include = reader.TokenType == JsonTokenType.True;
            }

            reader.Skip();
        }

        return include;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader, string param, ref State state)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                state.Fail(GatewayBodyErrorCodes.InvalidType, $"'{param}' must be a string.", param);
                reader.Skip();
                return null;
        }
    }

    private static void ReadLoadBalanceGroup(ref Utf8JsonReader reader, ref State state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            state.Fail(GatewayBodyErrorCodes.InvalidType, "'load_balance_group' must be an object with 'group_id' and/or 'models'.", "load_balance_group");
            reader.Skip();
            return;
        }

        state.HasLoadBalanceGroup = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("group_id"u8))
            {
                reader.Read();
                state.GroupId = ReadOptionalString(ref reader, GroupIdParam, ref state);
            }
            else if (reader.ValueTextEquals("models"u8))
            {
                reader.Read();
                state.GroupModels = ReadInlineModels(ref reader, InlineParam, ref state);
            }
            else
            {
                // Unknown keys inside the group object are tolerated, as the OpenAI API tolerates unknown fields.
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static List<InlineModel>? ReadInlineModels(ref Utf8JsonReader reader, string param, ref State state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            state.Fail(GatewayBodyErrorCodes.InvalidType, $"'{param}' must be an array of objects with 'model' and 'weight'.", param);
            reader.Skip();
            return null;
        }

        var models = new List<InlineModel>();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var entryParam = $"{param}[{index}]";
                state.Fail(GatewayBodyErrorCodes.InvalidType, $"'{entryParam}' must be an object with 'model' and 'weight'.", entryParam);
                reader.Skip();
            }
            else if (ReadInlineModel(ref reader, param, index, ref state) is { } model)
            {
                models.Add(model);
            }

            index++;
        }

        return models;
    }

    private static InlineModel? ReadInlineModel(ref Utf8JsonReader reader, string param, int index, ref State state)
    {
        string? model = null;
        var weight = 1.0;
        var valid = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    model = reader.GetString();
                }
                else
                {
                    var modelParam = $"{param}[{index}].model";
                    state.Fail(GatewayBodyErrorCodes.InvalidType, $"'{modelParam}' must be a string.", modelParam);
                    reader.Skip();
                    valid = false;
                }
            }
            else if (reader.ValueTextEquals("weight"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
                {
                    weight = value;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    var weightParam = $"{param}[{index}].weight";
                    state.Fail(GatewayBodyErrorCodes.InvalidWeight, $"'{weightParam}' must be a finite, non-negative number.", weightParam);
                    reader.Skip();
                    valid = false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (valid && model is null)
        {
            var modelParam = $"{param}[{index}].model";
            state.Fail(GatewayBodyErrorCodes.InvalidType, $"'{modelParam}' is required and must be a string.", modelParam);
            valid = false;
        }

        return valid ? new InlineModel(model!, weight) : null;
    }

    private static List<string>? ReadStringArray(ref Utf8JsonReader reader, string param, ref State state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            state.Fail(GatewayBodyErrorCodes.InvalidType, $"'{param}' must be an array of model names (strings).", param);
            reader.Skip();
            return null;
        }

        var items = new List<string>();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                items.Add(reader.GetString()!);
            }
            else
            {
                var itemParam = $"{param}[{index}]";
                state.Fail(GatewayBodyErrorCodes.InvalidType, $"'{itemParam}' must be a string.", itemParam);
                reader.Skip();
            }

            index++;
        }

        return items;
    }

    private enum KnownName
    {
        Other,
        Model,
        Stream,
        StreamOptions,
        Metadata,
        LoadBalanceGroup,
        FallbackModels,
        DeprecatedLoadBalanceModels,
    }

    private struct State
    {
        public GatewayBodyError? Error;
        public string? Model;
        public string? GroupId;
        public bool HasLoadBalanceGroup;
        public List<InlineModel>? GroupModels;
        public List<InlineModel>? AliasModels;
        public bool SentAlias;
        public List<string>? FallbackModels;
        public bool Stream;
        public bool IncludeUsage;
        public JsonByteRange? Metadata;

        /// <summary>Keeps the first type error: it is the one nearest the start of the body.</summary>
        public void Fail(string code, string message, string param) => Error ??= new GatewayBodyError(code, message, param);
    }
}
