using System.Text;
using Switchyard.Gateway.Http1;

namespace Switchyard.Gateway.Tests.Http1;

/// <summary>The own server's request parsing: what it accepts, and the status of everything it refuses.</summary>
public sealed class RequestHeadParserTests
{
    private readonly RequestHead _head = new(100);

    [Fact]
    public void Post_IsParsed_WithItsOffsetsAndFraming()
    {
        var text = "POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: gw\r\nContent-Length: 12\r\nAuthorization:  Bearer k \r\n\r\n{\"a\":\"body\"}";

        var (complete, error) = Parse(text);

        complete.Should().BeTrue();
        error.Should().BeNull();
        _head.IsHttp11.Should().BeTrue();
        _head.IsPost.Should().BeTrue();
        _head.Framing.Should().Be(BodyFraming.ContentLength);
        _head.ContentLength.Should().Be(12);
        _head.WantsClose.Should().BeFalse();
        Slice(text, _head.TargetStart, _head.TargetLength).Should().Be("/v1/chat/completions?x=1");
        Slice(text, _head.PathStart, _head.PathLength).Should().Be("/v1/chat/completions");
        _head.Length.Should().Be(text.IndexOf('{', StringComparison.Ordinal));
        _head.FieldCount.Should().Be(3);
        var authorization = _head.Fields[2];
        Slice(text, authorization.NameStart, authorization.NameLength).Should().Be("Authorization");
        Slice(text, authorization.ValueStart, authorization.ValueLength).Should().Be("Bearer k", "whitespace around a value is not part of it");
    }

    [Fact]
    public void EmptyLinesBeforeTheRequest_AreSkipped()
    {
        var (complete, error) = Parse("\r\n\r\nGET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");

        complete.Should().BeTrue();
        error.Should().BeNull();
        _head.Framing.Should().Be(BodyFraming.None);
        _head.Length.Should().Be("\r\n\r\nGET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n".Length);
    }

    [Theory]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Le")]
    [InlineData("POST /v1/chat/comp")]
    [InlineData("")]
    public void IncompleteHead_AsksForMore(string text)
    {
        var (complete, error) = Parse(text);

        complete.Should().BeFalse();
        error.Should().BeNull();
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\nHost: gw\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: gw\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: gw\r\nX-A: 1\nX-B: 2\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: gw\r\n folded\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost : gw\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: gw\r\nX-A: a\u0001b\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 5, 6\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: -5\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 0x10\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: \r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: gzip\r\n\r\n", 501)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
    [InlineData("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/2.0\r\nHost: gw\r\n\r\n", 505)]
    [InlineData("GET / HTTX/1.1\r\nHost: gw\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1 \r\nHost: gw\r\n\r\n", 400)]
    [InlineData("GET  / HTTP/1.1\r\nHost: gw\r\n\r\n", 400)]
    [InlineData("G(T / HTTP/1.1\r\nHost: gw\r\n\r\n", 400)]
    [InlineData("GET /a\u00e9 HTTP/1.1\r\nHost: gw\r\n\r\n", 400)]
    [InlineData("GET relative HTTP/1.1\r\nHost: gw\r\n\r\n", 400)]
    [InlineData("CONNECT gw:443 HTTP/1.1\r\nHost: gw\r\n\r\n", 405)]
    [InlineData("POST / HTTP/1.1\r\nHost: gw\r\nExpect: something\r\n\r\n", 417)]
    public void MalformedHead_IsRefused_WithItsStatus(string text, int status)
    {
        var (complete, error) = Parse(text);

        complete.Should().BeTrue("a refusal is an answer, not a wait for more bytes");
        error.Should().NotBeNull();
        error!.Value.StatusCode.Should().Be(status);
        error.Value.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("Content-Length: 7\r\nContent-Length: 7\r\n")]
    [InlineData("Content-Length: 7, 7\r\n")]
    [InlineData("content-length:7\r\n")]
    public void RepeatedEqualContentLength_IsOneLength(string headers)
    {
        var (complete, error) = Parse($"POST / HTTP/1.1\r\nHost: gw\r\n{headers}\r\n");

        complete.Should().BeTrue();
        error.Should().BeNull();
        _head.ContentLength.Should().Be(7);
        _head.Framing.Should().Be(BodyFraming.ContentLength);
    }

    [Fact]
    public void Chunked_IsTheFraming()
    {
        Parse("POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: Chunked\r\n\r\n").Error.Should().BeNull();

        _head.Framing.Should().Be(BodyFraming.Chunked);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: gw\r\nConnection: upgrade, close\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: gw\r\nConnection: keep-alive\r\n\r\n", false)]
    public void ConnectionFate_FollowsTheVersionAndTheConnectionHeader(string text, bool wantsClose)
    {
        Parse(text).Error.Should().BeNull();

        _head.WantsClose.Should().Be(wantsClose);
    }

    [Fact]
    public void ExpectContinue_IsNoted()
    {
        Parse("POST / HTTP/1.1\r\nHost: gw\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n").Error.Should().BeNull();

        _head.ExpectsContinue.Should().BeTrue();
    }

    [Theory]
    [InlineData("POST http://gw:8080/v1/chat/completions?x=1 HTTP/1.1", "/v1/chat/completions")]
    [InlineData("POST HTTP://gw/v1/embeddings HTTP/1.1", "/v1/embeddings")]
    [InlineData("OPTIONS * HTTP/1.1", "*")]
    [InlineData("GET http://gw HTTP/1.1", "")]
    public void TargetForms_GiveThePath(string requestLine, string path)
    {
        var text = requestLine + "\r\nHost: gw\r\n\r\n";

        Parse(text).Error.Should().BeNull();

        Slice(text, _head.PathStart, _head.PathLength).Should().Be(path);
    }

    [Fact]
    public void RequestLineOverTheLimit_Is414_CompleteOrNot()
    {
        var options = new Http1ServerOptions();
        var line = "GET /" + new string('a', options.MaxRequestLineBytes) + " HTTP/1.1";

        Parse(line + "\r\nHost: gw\r\n\r\n").Error!.Value.StatusCode.Should().Be(414);
        Parse(line[..^4]).Error!.Value.StatusCode.Should().Be(414);
    }

    [Fact]
    public void HeadersOverTheLimit_Are431_CompleteOrNot()
    {
        var big = "X-Big: " + new string('b', new Http1ServerOptions().MaxRequestHeadersBytes) + "\r\n";

        Parse("GET / HTTP/1.1\r\nHost: gw\r\n" + big + "\r\n").Error!.Value.StatusCode.Should().Be(431);
        Parse("GET / HTTP/1.1\r\nHost: gw\r\n" + big).Error!.Value.StatusCode.Should().Be(431);
    }

    [Fact]
    public void MoreHeadersThanTheLimit_Are431()
    {
        var many = string.Concat(Enumerable.Range(0, 100).Select(i => $"X-{i}: v\r\n"));

        Parse("GET / HTTP/1.1\r\nHost: gw\r\n" + many + "\r\n").Error!.Value.StatusCode.Should().Be(431);
    }

    private (bool Complete, HeadError? Error) Parse(string text)
    {
        var complete = RequestHeadParser.TryParse(Encoding.Latin1.GetBytes(text), 0, _head, new Http1ServerOptions(), out var error);
        return (complete, error);
    }

    private static string Slice(string text, int start, int length) => text.Substring(start, length);
}
