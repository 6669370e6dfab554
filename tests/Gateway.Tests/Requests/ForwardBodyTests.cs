using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Tests.Requests;

public sealed class ForwardBodyTests
{
    private static string Rewrite(string json, string model = "gpt-4o", string? overrides = null)
    {
        var result = GatewayRequestBody.Parse(Encoding.UTF8.GetBytes(json));
        result.Error.Should().BeNull();
        using var output = new PooledByteBufferWriter(16);
        var written = result.Body!.WriteForwardBody(output, model, overrides);
        written.Should().Be(output.WrittenCount);
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        JsonNode.Parse(text).Should().NotBeNull("the forward body must be valid JSON: {0}", text);
        return text;
    }

    [Fact]
    public void WriteForwardBody_UnknownFields_AreByteIdentical()
    {
        const string json = """{"model":"slug/gpt-4o","temperature":0.7000,"top_p":1E0,"text":"caf\u00e9 \ud83d\ude00 \"q\"","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"array","items":[1,2.50,{"x":null}]}}}}}],"n":1}""";

        var forwarded = Rewrite(json);

        forwarded.Should().Be(json.Replace("\"slug/gpt-4o\"", "\"gpt-4o\"", StringComparison.Ordinal));
        forwarded.Should().Contain("\"temperature\":0.7000");
        forwarded.Should().Contain("1E0");
        forwarded.Should().Contain(@"caf\u00e9 \ud83d\ude00");
    }

    [Fact]
    public void WriteForwardBody_PrettyPrintedBody_KeepsItsFormatting()
    {
        const string json = "{\n  \"model\": \"a/b\",\n  \"load_balance_group\": {\"group_id\": \"g\"},\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"Hi\"}\n  ]\n}\n";

        Rewrite(json, "b").Should().Be("{\n  \"model\": \"b\",\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"Hi\"}\n  ]\n}\n");
    }

    [Theory]
    [InlineData("""{"metadata":{"a":1},"x":1,"model":"m"}""", """{"x":1,"model":"gpt-4o"}""")]
    [InlineData("""{"x":1,"fallback_models":["a"],"y":2,"model":"m"}""", """{"x":1,"y":2,"model":"gpt-4o"}""")]
    [InlineData("""{"model":"m","x":1,"load_balance_group":{"group_id":"g"}}""", """{"model":"gpt-4o","x":1}""")]
    [InlineData("""{"load_balance_group":{},"loadbalance_models":[],"fallback_models":[],"metadata":null,"model":"m"}""", """{"model":"gpt-4o"}""")]
    [InlineData("""{"metadata":{},"model":"m","x":1}""", """{"model":"gpt-4o","x":1}""")]
    [InlineData("""{ "metadata" : {} , "x" : 1 }""", """{"model":"gpt-4o" , "x" : 1 }""")]
    [InlineData("""{"x":1 , "metadata":{}}""", """{"model":"gpt-4o","x":1}""")]
    public void WriteForwardBody_GatewayFieldsInAnyPosition_AreRemoved(string json, string expected)
    {
        Rewrite(json).Should().Be(expected);
    }

    [Fact]
    public void WriteForwardBody_ModelAbsent_IsInsertedFirst()
    {
        Rewrite("""{"messages":[],"stream":true}""").Should().Be("""{"model":"gpt-4o","messages":[],"stream":true}""");
    }

    [Fact]
    public void WriteForwardBody_EmptyObject_GetsOnlyModel()
    {
        Rewrite("{}").Should().Be("""{"model":"gpt-4o"}""");
        Rewrite(" { } ").Should().Be(" {\"model\":\"gpt-4o\" } ");
    }

    [Fact]
    public void WriteForwardBody_OnlyGatewayFields_LeavesOnlyModel()
    {
        Rewrite("""{"load_balance_group":{"group_id":"g"},"metadata":{"u":1}}""").Should().Be("""{"model":"gpt-4o"}""");
    }

    [Fact]
    public void WriteForwardBody_ModelPresent_IsReplacedInPlaceKeepingSpacing()
    {
        Rewrite("""{"a":1, "model" :  "x/y", "b":2}""", "y").Should().Be("""{"a":1, "model" :  "y", "b":2}""");
    }

    [Fact]
    public void WriteForwardBody_ModelNull_IsReplaced()
    {
        Rewrite("""{"model":null,"a":1}""").Should().Be("""{"model":"gpt-4o","a":1}""");
    }

    [Fact]
    public void WriteForwardBody_RepeatedModel_KeepsOneInFirstPosition()
    {
        Rewrite("""{"model":"a","x":1,"model":"b"}""").Should().Be("""{"model":"gpt-4o","x":1}""");
    }

    [Fact]
    public void WriteForwardBody_EscapedGatewayName_IsRemoved()
    {
        Rewrite("""{"x":1,"m\u0065tadata":{"a":1}}""").Should().Be("""{"model":"gpt-4o","x":1}""");
    }

    [Theory]
    [InlineData("model \"quoted\"", """{"model":"model \u0022quoted\u0022"}""")]
    [InlineData("modèle", """{"model":"mod\u00E8le"}""")]
    public void WriteForwardBody_ModelNeedingEscapes_IsValidJson(string model, string expectedJson)
    {
        var forwarded = Rewrite("{}", model);

        JsonNode.Parse(forwarded)!["model"]!.GetValue<string>().Should().Be(model);
        JsonNode.DeepEquals(JsonNode.Parse(forwarded), JsonNode.Parse(expectedJson)).Should().BeTrue();
    }

    [Fact]
    public void WriteForwardBody_Overrides_ReplaceInPlaceAndAppendTheRest()
    {
        var forwarded = Rewrite(
            """{"model":"m","temperature":0.2,"messages":[],"max_tokens":10}""",
            overrides: """{"max_tokens":512,"temperature":0,"seed":7,"response_format":{"type":"json_object"}}""");

        forwarded.Should().Be("""{"model":"gpt-4o","temperature":0,"messages":[],"max_tokens":512,"seed":7,"response_format":{"type":"json_object"}}""");
    }

    [Fact]
    public void WriteForwardBody_OverridesOfReservedKeys_AreIgnored()
    {
        var forwarded = Rewrite(
            """{"model":"m","stream":true}""",
            overrides: """{"model":"evil","stream":false,"metadata":{"a":1},"fallback_models":["x"],"load_balance_group":{},"loadbalance_models":[],"top_p":0.5}""");

        forwarded.Should().Be("""{"model":"gpt-4o","stream":true,"top_p":0.5}""");
    }

    [Fact]
    public void WriteForwardBody_OverrideMatchesEscapedBodyKey_ReplacesIt()
    {
        Rewrite("""{"te\u006dperature":1}""", overrides: """{"temperature":0}""")
            .Should().Be("""{"model":"gpt-4o","te\u006dperature":0}""");
    }

    [Fact]
    public void WriteForwardBody_OverrideKeyRepeatedInBody_ReplacesFirstDropsRest()
    {
        Rewrite("""{"a":1,"a":2,"b":3}""", overrides: """{"a":9}""").Should().Be("""{"model":"gpt-4o","a":9,"b":3}""");
    }

    [Fact]
    public void WriteForwardBody_OverrideKeyNeedingEscapes_IsAppendedValid()
    {
        var forwarded = Rewrite("{}", overrides: """{"we\"ird":1}""");

        JsonNode.Parse(forwarded)!["we\"ird"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public void WriteForwardBody_EmptyOverrides_ChangeNothing()
    {
        Rewrite("""{"a":1}""", overrides: "{}").Should().Be("""{"model":"gpt-4o","a":1}""");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("not json")]
    public void WriteForwardBody_OverridesNotAnObject_Throws(string overrides)
    {
        var body = GatewayRequestBody.Parse("{}"u8.ToArray()).Body!;
        using var output = new PooledByteBufferWriter();

        var act = () => body.WriteForwardBody(output, "m", overrides);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void WriteForwardBody_WriterReusedAcrossAttempts_ProducesEachBody()
    {
        var body = GatewayRequestBody.Parse("""{"model":"x","metadata":{"a":1},"n":1}"""u8.ToArray()).Body!;
        using var output = new PooledByteBufferWriter(8);

        body.WriteForwardBody(output, "first", null);
        Encoding.UTF8.GetString(output.WrittenSpan).Should().Be("""{"model":"first","n":1}""");

        output.Clear();
        body.WriteForwardBody(output, "second", """{"n":2}""");
        Encoding.UTF8.GetString(output.WrittenSpan).Should().Be("""{"model":"second","n":2}""");
    }

    [Fact]
    public void WriteForwardBody_LargeBody_GrowsThePooledBuffer()
    {
        var content = new string('x', 200_000);
        var json = $$$"""{"messages":[{"role":"user","content":"{{{content}}}"}],"metadata":{"a":1}}""";

        var forwarded = Rewrite(json);

        forwarded.Should().Be($$$"""{"model":"gpt-4o","messages":[{"role":"user","content":"{{{content}}}"}]}""");
    }
}
