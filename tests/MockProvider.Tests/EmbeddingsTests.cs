using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Switchyard.MockProvider.Tests;

public sealed class EmbeddingsTests(MockServerFixture fixture) : IClassFixture<MockServerFixture>
{
    private async Task<JsonElement> EmbedAsync(string json)
    {
        using var response = await fixture.PostAsync("/v1/embeddings", json);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static float[] Vector(JsonElement item) =>
        [.. item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];

    [Fact]
    public async Task Embeddings_SameInput_SameUnitVector_DifferentInput_DifferentVector()
    {
        var first = await EmbedAsync("""{"model":"text-embedding-3-small","input":["alpha","beta","alpha"],"dimensions":64}""");

        first.GetProperty("object").GetString().Should().Be("list");
        first.GetProperty("model").GetString().Should().Be("text-embedding-3-small");
        var data = first.GetProperty("data").EnumerateArray().ToList();
        data.Select(d => d.GetProperty("index").GetInt32()).Should().Equal(0, 1, 2);
        var vectors = data.Select(Vector).ToList();
        vectors.Should().AllSatisfy(v => v.Should().HaveCount(64));
        vectors[0].Should().Equal(vectors[2]);
        vectors[0].Should().NotEqual(vectors[1]);
        Math.Sqrt(vectors[1].Sum(x => (double)x * x)).Should().BeApproximately(1.0, 1e-3);

        var again = await EmbedAsync("""{"model":"text-embedding-3-small","input":"alpha","dimensions":64}""");
        Vector(again.GetProperty("data")[0]).Should().Equal(vectors[0]);
    }

    [Fact]
    public async Task Embeddings_Base64_DecodesToTheSameFloats()
    {
        var floats = await EmbedAsync("""{"model":"e","input":"gamma","dimensions":8}""");
        var encoded = await EmbedAsync("""{"model":"e","input":"gamma","dimensions":8,"encoding_format":"base64"}""");

        var bytes = Convert.FromBase64String(encoded.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        MemoryMarshal.Cast<byte, float>(bytes).ToArray().Should().Equal(Vector(floats.GetProperty("data")[0]));
    }

    [Fact]
    public async Task Embeddings_TokenArrays_AreOneInputEach()
    {
        var body = await EmbedAsync("""{"model":"e","input":[[1,2,3],[4,5]],"dimensions":4}""");

        body.GetProperty("data").GetArrayLength().Should().Be(2);
        body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(5);
    }

    [Theory]
    [InlineData("""{"model":"e"}""")]
    [InlineData("""{"model":"e","input":""}""")]
    [InlineData("""{"model":"e","input":[]}""")]
    [InlineData("""{"model":"e","input":"x","dimensions":0}""")]
    [InlineData("""{"model":"e","input":"x","encoding_format":"hex"}""")]
    public async Task Embeddings_InvalidRequest_Is400(string json)
    {
        using var response = await fixture.PostAsync("/v1/embeddings", json);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
