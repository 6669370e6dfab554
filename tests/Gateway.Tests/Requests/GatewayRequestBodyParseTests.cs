using System.Text;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Tests.Requests;

public sealed class GatewayRequestBodyParseTests
{
    private static GatewayRequestBody Parsed(string json)
    {
        var result = GatewayRequestBody.Parse(Encoding.UTF8.GetBytes(json));
        result.Error.Should().BeNull();
        return result.Body!;
    }

    private static GatewayBodyError Failed(string json)
    {
        var result = GatewayRequestBody.Parse(Encoding.UTF8.GetBytes(json));
        result.Success.Should().BeFalse();
        return result.Error!;
    }

    [Fact]
    public void Parse_FullBody_ExtractsEveryGatewayField()
    {
        var body = Parsed("""
            {
              "model": "openai-main/gpt-4o-mini",
              "messages": [{"role": "user", "content": "Hi"}],
              "load_balance_group": {
                "group_id": "lbg_7Qk2v9xT",
                "models": [
                  {"model": "openai-main/gpt-4o-mini", "weight": 3},
                  {"model": "azure-eu/gpt-4o", "weight": 1.5},
                  {"model": "bare"}
                ]
              },
              "fallback_models": ["a/b", "c"],
              "metadata": {"user_id": "u-42", "session_id": "s-9"},
              "stream": true,
              "stream_options": {"include_usage": true}
            }
            """);

        body.Model.Should().Be("openai-main/gpt-4o-mini");
        body.GroupId.Should().Be("lbg_7Qk2v9xT");
        body.HasLoadBalanceGroup.Should().BeTrue();
        body.InlineModels.Should().Equal(
            new InlineModel("openai-main/gpt-4o-mini", 3),
            new InlineModel("azure-eu/gpt-4o", 1.5),
            new InlineModel("bare", 1));
        body.InlineFromDeprecatedAlias.Should().BeFalse();
        body.SentDeprecatedAlias.Should().BeFalse();
        body.FallbackModels.Should().Equal("a/b", "c");
        body.Stream.Should().BeTrue();
        body.IncludeUsage.Should().BeTrue();
        Encoding.UTF8.GetString(body.MetadataJson.Span).Should().Be("""{"user_id": "u-42", "session_id": "s-9"}""");
    }

    [Fact]
    public void Parse_MinimalBody_HasDefaults()
    {
        var body = Parsed("""{"messages":[]}""");

        body.Model.Should().BeNull();
        body.GroupId.Should().BeNull();
        body.HasLoadBalanceGroup.Should().BeFalse();
        body.InlineModels.Should().BeNull();
        body.FallbackModels.Should().BeEmpty();
        body.Stream.Should().BeFalse();
        body.IncludeUsage.Should().BeFalse();
        body.Metadata.Should().BeNull();
        body.MetadataJson.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Parse_NullValues_CountAsAbsent()
    {
        var body = Parsed("""{"model":null,"load_balance_group":null,"fallback_models":null,"stream":null,"loadbalance_models":null}""");

        body.Model.Should().BeNull();
        body.HasLoadBalanceGroup.Should().BeFalse();
        body.InlineModels.Should().BeNull();
        body.FallbackModels.Should().BeEmpty();
        body.Stream.Should().BeFalse();
    }

    [Fact]
    public void Parse_NullWeight_DefaultsToOne()
    {
        var body = Parsed("""{"load_balance_group":{"models":[{"model":"a","weight":null}]}}""");

        body.InlineModels.Should().Equal(new InlineModel("a", 1));
    }

    [Fact]
    public void Parse_DeprecatedAlias_IsFlagged()
    {
        var body = Parsed("""{"loadbalance_models":[{"model":"a/x","weight":2},{"model":"b/y"}]}""");

        body.InlineModels.Should().Equal(new InlineModel("a/x", 2), new InlineModel("b/y", 1));
        body.InlineFromDeprecatedAlias.Should().BeTrue();
        body.SentDeprecatedAlias.Should().BeTrue();
        body.ToRoutingRequest().InlineFromDeprecatedAlias.Should().BeTrue();
    }

    [Fact]
    public void Parse_AliasAndGroupModels_GroupModelsWinButAliasIsReported()
    {
        var body = Parsed("""{"loadbalance_models":[{"model":"old"}],"load_balance_group":{"models":[{"model":"new"}]}}""");

        body.InlineModels.Should().Equal(new InlineModel("new", 1));
        body.InlineFromDeprecatedAlias.Should().BeFalse();
        body.SentDeprecatedAlias.Should().BeTrue();
    }

    [Fact]
    public void Parse_EmptyInlineModels_IsAnEmptyListNotNull()
    {
        var body = Parsed("""{"load_balance_group":{"models":[]}}""");

        body.InlineModels.Should().NotBeNull().And.BeEmpty();
    }

    [Fact]
    public void Parse_EscapedPropertyNames_AreRecognised()
    {
        var body = Parsed("""{"mod\u0065l":"x/y","\u0073tream":true}""");

        body.Model.Should().Be("x/y");
        body.Stream.Should().BeTrue();
        body.Members[0].Field.Should().Be(GatewayField.Model);
        body.Members[0].NameEscaped.Should().BeTrue();
    }

    [Fact]
    public void Parse_UnknownKeysInsideGroup_AreIgnored()
    {
        var body = Parsed("""{"load_balance_group":{"future":{"a":[1,2]},"group_id":"lbg_1","models":[{"model":"m","weight":2,"extra":true}]}}""");

        body.GroupId.Should().Be("lbg_1");
        body.InlineModels.Should().Equal(new InlineModel("m", 2));
    }

    [Fact]
    public void Parse_IncludeUsageFalseOrMalformed_IsFalse()
    {
        Parsed("""{"stream_options":{"include_usage":false}}""").IncludeUsage.Should().BeFalse();
        Parsed("""{"stream_options":"yes"}""").IncludeUsage.Should().BeFalse();
        Parsed("""{"stream_options":{"include_usage":"true"}}""").IncludeUsage.Should().BeFalse();
    }

    [Fact]
    public void Parse_RecordsMemberRangesInOrder()
    {
        const string json = """{"a":1, "metadata" : {"k":"v"} ,"model":"m"}""";
        var body = Parsed(json);

        var members = body.Members.ToArray();
        members.Select(m => m.Field).Should().Equal(GatewayField.None, GatewayField.Metadata, GatewayField.Model);
        json[members[1].Range.Start..members[1].Range.End].Should().Be("""
            "metadata" : {"k":"v"}
            """);
        json[members[1].Value.Start..members[1].Value.End].Should().Be("""{"k":"v"}""");
        json[members[2].Range.Start..members[2].Range.End].Should().Be("\"model\":\"m\"");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"model\":}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1 /* comment */}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]")]
    public void Parse_MalformedJson_IsInvalidJson(string json)
    {
        var error = Failed(json);

        error.Code.Should().Be(GatewayBodyErrorCodes.InvalidJson);
        error.Message.Should().StartWith("We could not parse the JSON body of your request");
        error.Param.Should().BeNull();
        error.StatusCode.Should().Be(400);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Parse_NotAnObject_IsInvalidJson(string json)
    {
        var error = Failed(json);

        error.Code.Should().Be(GatewayBodyErrorCodes.InvalidJson);
        error.Message.Should().Contain("JSON object");
    }

    [Fact]
    public void Parse_InvalidUtf8InGatewayString_IsInvalidJson()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"model\":\"ab\"}");
        bytes[10] = 0xFF;

        var result = GatewayRequestBody.Parse(bytes);

        result.Error!.Code.Should().Be(GatewayBodyErrorCodes.InvalidJson);
    }

    [Theory]
    [InlineData("""{"model":42}""", "model", "invalid_type")]
    [InlineData("""{"model":{"name":"x"}}""", "model", "invalid_type")]
    [InlineData("""{"load_balance_group":"lbg_1"}""", "load_balance_group", "invalid_type")]
    [InlineData("""{"load_balance_group":[]}""", "load_balance_group", "invalid_type")]
    [InlineData("""{"load_balance_group":{"group_id":7}}""", "load_balance_group.group_id", "invalid_type")]
    [InlineData("""{"load_balance_group":{"models":{"model":"a"}}}""", "load_balance_group.models", "invalid_type")]
    [InlineData("""{"load_balance_group":{"models":["a"]}}""", "load_balance_group.models[0]", "invalid_type")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"weight":1}]}}""", "load_balance_group.models[1].model", "invalid_type")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":5}]}}""", "load_balance_group.models[1].model", "invalid_type")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":"b","weight":"NaN"}]}}""", "load_balance_group.models[1].weight", "invalid_weight")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":"b","weight":"Infinity"}]}}""", "load_balance_group.models[1].weight", "invalid_weight")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":"b","weight":"abc"}]}}""", "load_balance_group.models[1].weight", "invalid_weight")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":"b","weight":"3"}]}}""", "load_balance_group.models[1].weight", "invalid_weight")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":"b","weight":true}]}}""", "load_balance_group.models[1].weight", "invalid_weight")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":"b","weight":1e400}]}}""", "load_balance_group.models[1].weight", "invalid_weight")]
    [InlineData("""{"load_balance_group":{"models":[{"model":"a"},{"model":"b","weight":-1e309}]}}""", "load_balance_group.models[1].weight", "invalid_weight")]
    [InlineData("""{"loadbalance_models":"a"}""", "loadbalance_models", "invalid_type")]
    [InlineData("""{"loadbalance_models":[{"model":"a","weight":"x"}]}""", "loadbalance_models[0].weight", "invalid_weight")]
    [InlineData("""{"fallback_models":"a/b"}""", "fallback_models", "invalid_type")]
    [InlineData("""{"fallback_models":["a/b",3]}""", "fallback_models[1]", "invalid_type")]
    [InlineData("""{"stream":"true"}""", "stream", "invalid_type")]
    [InlineData("""{"stream":1}""", "stream", "invalid_type")]
    public void Parse_WrongType_NamesTheField(string json, string param, string code)
    {
        var error = Failed(json);

        error.Code.Should().Be(code);
        error.Param.Should().Be(param);
        error.Message.Should().Contain(param);
    }

    [Fact]
    public void Parse_NegativeAndZeroWeights_AreLeftToTheDomain()
    {
        var body = Parsed("""{"load_balance_group":{"models":[{"model":"a","weight":-2},{"model":"b","weight":0}]}}""");

        body.InlineModels.Should().Equal(new InlineModel("a", -2), new InlineModel("b", 0));
    }

    [Fact]
    public void Parse_TypeErrorAndMalformedJsonLater_ReportsMalformedJson()
    {
        var error = Failed("""{"model":42, "messages": [}""");

        error.Code.Should().Be(GatewayBodyErrorCodes.InvalidJson);
    }

    [Fact]
    public void Parse_TwoTypeErrors_ReportsTheFirst()
    {
        var error = Failed("""{"stream":"yes","model":1}""");

        error.Param.Should().Be("stream");
    }

    [Fact]
    public void Parse_RepeatedModel_LastWins()
    {
        Parsed("""{"model":"a","model":"b"}""").Model.Should().Be("b");
    }

    [Fact]
    public void ToRoutingRequest_CarriesRoutingFields()
    {
        var request = Parsed("""{"model":"m","load_balance_group":{"group_id":"g","models":[{"model":"x","weight":2}]},"fallback_models":["f"]}""")
            .ToRoutingRequest();

        request.Model.Should().Be("m");
        request.GroupId.Should().Be("g");
        request.InlineModels.Should().Equal(new InlineModel("x", 2));
        request.FallbackModels.Should().Equal("f");
    }

    [Fact]
    public void TryParse_ReturnsBodyOrError()
    {
        GatewayRequestBody.TryParse("""{"model":"m"}"""u8.ToArray(), out var body, out var error).Should().BeTrue();
        body!.Model.Should().Be("m");
        error.Should().BeNull();

        GatewayRequestBody.TryParse("""{"model":1}"""u8.ToArray(), out body, out error).Should().BeFalse();
        body.Should().BeNull();
        error!.Param.Should().Be("model");
    }
}
