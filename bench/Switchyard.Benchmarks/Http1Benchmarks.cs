using System.Text;
using BenchmarkDotNet.Attributes;
using Switchyard.Gateway.Forwarding.Http1Client;
using Switchyard.Gateway.Http1;

namespace Switchyard.Benchmarks;

/// <summary>
/// The bytes the gateway's own server and upstream client read on every request: the client's request head (the
/// bench's, with its ~1 KB body behind it) and the upstream's answer head (the bench mock's).
/// </summary>
[MemoryDiagnoser]
public class Http1Benchmarks
{
    private static readonly byte[] _request = Encoding.ASCII.GetBytes(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer sk-swy-0123456789abcdefghijklmnopqrstuv\r\n" +
        $"Content-Type: application/json\r\nContent-Length: {HotPath.Body.Length}\r\n\r\n").Concat(HotPath.Body).ToArray();

    private static readonly byte[] _answer = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 07 Dec 2026 06:00:00 GMT\r\nContent-Type: application/json\r\n" +
        "Content-Length: 367\r\nConnection: keep-alive\r\nx-request-id: req-0001\r\n\r\n");

    private readonly Http1ServerOptions _options = new();
    private readonly RequestHead _head = new(100);
    private readonly ResponseHead _answerHead = new();
    private readonly StringCache _strings = new();
    [Benchmark]
    public bool ParseRequestHead() => RequestHeadParser.TryParse(_request, 0, _head, _options, out _);

    [Benchmark]
    public int ParseAnswerHead() => _answerHead.TryParse(_answer, 64 * 1024, _strings, requestWasHead: false);
}
