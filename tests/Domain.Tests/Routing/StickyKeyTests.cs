using System.Text;
using System.Text.Json;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Routing;

public sealed class StickyKeyTests
{
    private static readonly string[] UserPath = ["metadata.user_id"];
    private static readonly string[] UserAndSession = ["metadata.user_id", "metadata.session_id"];

    private static string? Derive(string json, IReadOnlyList<string> paths)
    {
        using var document = JsonDocument.Parse(json);
        return StickyKey.Derive(document.RootElement, paths);
    }

    [Fact]
    public void Derive_SameValues_SameKey()
    {
        var a = Derive("""{"metadata": {"user_id": "u-42"}, "messages": [1]}""", UserPath);
        var b = Derive("""{"messages": [2, 3], "metadata": {"user_id": "u-42", "other": true}}""", UserPath);

        a.Should().NotBeNull().And.Be(b);
        a!.Length.Should().Be(22); // 16 bytes, base64url
    }

    [Fact]
    public void Derive_DifferentValues_DifferentKeys()
    {
        Derive("""{"metadata": {"user_id": "u-42"}}""", UserPath)
            .Should().NotBe(Derive("""{"metadata": {"user_id": "u-43"}}""", UserPath));
    }

    [Fact]
    public void Derive_NoPathPresent_Null()
    {
        Derive("""{"metadata": {"session_id": "s"}}""", UserPath).Should().BeNull();
        Derive("""{"messages": []}""", UserPath).Should().BeNull();
        Derive("""{"metadata": {"user_id": null}}""", UserPath).Should().BeNull();
        Derive("""{"metadata": "u-42"}""", UserPath).Should().BeNull();
        Derive("""[1, 2]""", UserPath).Should().BeNull();
        Derive("""{"metadata": {"user_id": "u"}}""", []).Should().BeNull();
    }

    [Fact]
    public void Derive_SomePathsPresent_KeyDependsOnWhichOnes()
    {
        var userOnly = Derive("""{"metadata": {"user_id": "u"}}""", UserAndSession);
        var sessionOnly = Derive("""{"metadata": {"session_id": "u"}}""", UserAndSession);

        userOnly.Should().NotBeNull();
        sessionOnly.Should().NotBeNull();
        userOnly.Should().NotBe(sessionOnly);
    }

    [Fact]
    public void Derive_BodyPropertyOrder_DoesNotMatter()
    {
        Derive("""{"metadata": {"user_id": "u", "session_id": "s"}}""", UserAndSession)
            .Should().Be(Derive("""{"metadata": {"session_id": "s", "user_id": "u"}}""", UserAndSession));
    }

    [Fact]
    public void Derive_ConfiguredPathOrder_Matters()
    {
        const string body = """{"metadata": {"user_id": "u", "session_id": "s"}}""";

        Derive(body, UserAndSession).Should().NotBe(Derive(body, ["metadata.session_id", "metadata.user_id"]));
    }

    [Fact]
    public void Derive_ValuesThatWouldConcatenateAlike_DifferentKeys()
    {
        Derive("""{"a": "xy", "b": "z"}""", ["a", "b"]).Should().NotBe(Derive("""{"a": "x", "b": "yz"}""", ["a", "b"]));
        Derive("""{"a": "1"}""", ["a"]).Should().NotBe(Derive("""{"a": 1}""", ["a"]));
        Derive("""{"a": "true"}""", ["a"]).Should().NotBe(Derive("""{"a": true}""", ["a"]));
        Derive("""{"a": "", "b": "x"}""", ["a", "b"]).Should().NotBe(Derive("""{"b": "x"}""", ["a", "b"]));
    }

    [Fact]
    public void Derive_NumbersBoolsObjectsAndArrayIndices_AreUsable()
    {
        Derive("""{"m": {"n": 42}}""", ["m.n"]).Should().NotBeNull().And.NotBe(Derive("""{"m": {"n": 43}}""", ["m.n"]));
        Derive("""{"m": {"b": false}}""", ["m.b"]).Should().NotBe(Derive("""{"m": {"b": true}}""", ["m.b"]));
        Derive("""{"m": {"o": {"x": 1}}}""", ["m.o"]).Should().NotBe(Derive("""{"m": {"o": {"x": 2}}}""", ["m.o"]));
        Derive("""{"messages": [{"content": "hi"}]}""", ["messages.0.content"])
            .Should().Be(Derive("""{"messages": [{"content": "hi"}, {"content": "later"}]}""", ["messages.0.content"]));
        Derive("""{"messages": [{"content": "hi"}]}""", ["messages.1.content"]).Should().BeNull();
    }

    [Fact]
    public void Derive_EscapedAndUnescapedString_SameKey()
    {
        Derive("""{"u": "\u0041"}""", ["u"]).Should().Be(Derive("""{"u": "A"}""", ["u"]));
    }

    [Fact]
    public void Derive_Utf8Body_MatchesTheElementOverload()
    {
        const string json = """{"metadata": {"user_id": "ü-42"}}""";

        StickyKey.Derive(Encoding.UTF8.GetBytes(json), UserPath).Should().Be(Derive(json, UserPath));
    }

    [Fact]
    public void Derive_MalformedUtf8Body_NullWithoutThrowing()
    {
        StickyKey.Derive("{\"metadata\": {"u8.ToArray(), UserPath).Should().BeNull();
    }
}
