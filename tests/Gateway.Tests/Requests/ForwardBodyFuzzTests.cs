using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Gateway.Requests;

namespace Switchyard.Gateway.Tests.Requests;

/// <summary>Random bodies from a fixed seed: parse + rewrite must equal the expected object, whatever the layout.</summary>
public sealed class ForwardBodyFuzzTests
{
    private static readonly string[] _gatewayKeys = ["load_balance_group", "loadbalance_models", "fallback_models", "metadata"];

    private static readonly string[] _ordinaryKeys =
    [
        "messages", "temperature", "top_p", "tools", "n", "user", "stop", "max_tokens", "response_format",
        "stream_options", "ключ", "a\"b", "tab\tkey", "emoji😀", "x1", "x2", "x3",
    ];

    private static readonly string[] _strings = ["", "plain", "with \"quotes\"", "back\\slash", "line\nbreak", "café", "😀", "\u0001", "</script>", "+&'"];

    [Fact]
    public void ParseAndRewrite_RandomBodies_MatchTheExpectedObject()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 600; i++)
        {
            var original = RandomBody(random);
            var json = original.ToJsonString(RandomOptions(random));
            var targetModel = random.Next(3) switch
            {
                0 => "gpt-4o-mini",
                1 => "deployment \"x\"",
                _ => "モデル",
            };
            var overrides = random.Next(3) == 0 ? RandomOverrides(random) : null;

            var parsed = GatewayRequestBody.Parse(Encoding.UTF8.GetBytes(json));
            parsed.Error.Should().BeNull("iteration {0}: {1}", i, json);
            var body = parsed.Body!;
            body.Model.Should().Be(original["model"]?.GetValue<string>(), "iteration {0}", i);
            body.Stream.Should().Be(original["stream"]?.GetValue<bool>() ?? false, "iteration {0}", i);
            body.MetadataJson.IsEmpty.Should().Be(!original.ContainsKey("metadata"), "iteration {0}", i);

            using var output = new PooledByteBufferWriter(64);
            body.WriteForwardBody(output, targetModel, overrides?.ToJsonString());
            var forwarded = Encoding.UTF8.GetString(output.WrittenSpan);

            JsonNode? actual = null;
            var parse = () => actual = JsonNode.Parse(forwarded);
            parse.Should().NotThrow("iteration {0} produced invalid JSON: {1}\nfrom: {2}", i, forwarded, json);
            var expected = Expected(original, targetModel, overrides);
            JsonNode.DeepEquals(actual, expected).Should().BeTrue(
                "iteration {0}\ninput:    {1}\nexpected: {2}\nactual:   {3}", i, json, expected.ToJsonString(), forwarded);
        }
    }

    private static JsonObject Expected(JsonObject original, string model, JsonObject? overrides)
    {
        var expected = (JsonObject)original.DeepClone();
        foreach (var key in _gatewayKeys)
        {
            expected.Remove(key);
        }

        expected["model"] = model;
        if (overrides is not null)
        {
            foreach (var (key, value) in overrides)
            {
                expected[key] = value?.DeepClone();
            }
        }

        return expected;
    }

    private static JsonSerializerOptions RandomOptions(Random random) => new()
    {
        WriteIndented = random.Next(2) == 0,
        Encoder = random.Next(2) == 0 ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        IndentSize = random.Next(1, 5),
    };

    private static JsonObject RandomBody(Random random)
    {
        var keys = new List<string>();
        if (random.Next(4) > 0)
        {
            keys.Add("model");
        }

        if (random.Next(3) == 0)
        {
            keys.Add("stream");
        }

        foreach (var key in _gatewayKeys)
        {
            if (random.Next(2) == 0)
            {
                keys.Add(key);
            }
        }

        foreach (var key in _ordinaryKeys)
        {
            if (random.Next(3) == 0)
            {
                keys.Add(key);
            }
        }

        // Shuffle so gateway fields land first, last and in between.
        for (var i = keys.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (keys[i], keys[j]) = (keys[j], keys[i]);
        }

        var body = new JsonObject();
        foreach (var key in keys)
        {
            body[key] = key switch
            {
                "model" => random.Next(5) == 0 ? null : JsonValue.Create("slug/" + _strings[random.Next(_strings.Length)]),
                "stream" => JsonValue.Create(random.Next(2) == 0),
                "load_balance_group" => new JsonObject
                {
                    ["group_id"] = "lbg_" + random.Next(1000),
                    ["models"] = InlineModels(random),
                },
                "loadbalance_models" => InlineModels(random),
                "fallback_models" => new JsonArray(JsonValue.Create("a/b"), JsonValue.Create(_strings[random.Next(_strings.Length)])),
                "metadata" => RandomValue(random, 2),
                _ => RandomValue(random, 3),
            };
        }

        return body;
    }

    private static JsonArray InlineModels(Random random)
    {
        var models = new JsonArray();
        for (var i = random.Next(3); i >= 0; i--)
        {
            var entry = new JsonObject { ["model"] = "m" + i };
            if (random.Next(2) == 0)
            {
                entry["weight"] = random.Next(3) == 0 ? JsonValue.Create(random.NextDouble() * 10) : JsonValue.Create(random.Next(5));
            }

            models.Add(entry);
        }

        return models;
    }

    private static JsonObject RandomOverrides(Random random)
    {
        var overrides = new JsonObject();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            overrides[_ordinaryKeys[random.Next(_ordinaryKeys.Length)]] = RandomValue(random, 2);
        }

        return overrides;
    }

    private static JsonNode? RandomValue(Random random, int depth)
    {
        var kind = random.Next(depth > 0 ? 8 : 6);
        switch (kind)
        {
            case 0:
                return null;
            case 1:
                return JsonValue.Create(random.Next(2) == 0);
            case 2:
                return JsonValue.Create(random.Next(-1000, 1000));
            case 3:
                return JsonValue.Create(Math.Round((random.NextDouble() - 0.5) * 1e6, random.Next(0, 8)));
            case 4:
            case 5:
                return JsonValue.Create(_strings[random.Next(_strings.Length)] + _strings[random.Next(_strings.Length)]);
            case 6:
                var array = new JsonArray();
                for (var i = random.Next(4); i > 0; i--)
                {
                    array.Add(RandomValue(random, depth - 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                for (var i = random.Next(4); i > 0; i--)
                {
                    obj["k" + random.Next(10) + _strings[random.Next(_strings.Length)]] = RandomValue(random, depth - 1);
                }

                return obj;
        }
    }
}
