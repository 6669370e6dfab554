using System.Buffers;
using System.Text;
using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Forwarding.Anthropic;

namespace Switchyard.Gateway.Tests.Forwarding;

public sealed class UsageObserverTests
{
    private const string OpenAiStream =
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"say \\\"usage\\\":{\\\"prompt_tokens\\\":999}\"}}],\"usage\":null}\n\n"
        + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
        + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":0}}}\n\n"
        + "data: [DONE]\n\n";

    [Fact]
    public void SseUsageObserver_EverySplitPoint_FindsTheFinalUsage()
    {
        var bytes = Encoding.UTF8.GetBytes(OpenAiStream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            using var observer = new SseUsageObserver();
            observer.Observe(bytes.AsSpan(0, split));
            observer.Observe(bytes.AsSpan(split));

            observer.Usage.Should().Be(new TokenUsage(12, 5, 17), "split at {0}", split);
        }
    }

    [Fact]
    public void SseUsageObserver_ByteByByte_FindsTheFinalUsage()
    {
        using var observer = new SseUsageObserver();
        foreach (var b in Encoding.UTF8.GetBytes(OpenAiStream.Replace("\n", "\r\n", StringComparison.Ordinal)))
        {
            observer.Observe([b]);
        }

        observer.Usage.Should().Be(new TokenUsage(12, 5, 17));
    }

    [Fact]
    public void SseUsageObserver_UsageOnlyInsideContent_IsNotUsage()
    {
        using var observer = new SseUsageObserver();
        observer.Observe(Encoding.UTF8.GetBytes(OpenAiStream[..OpenAiStream.IndexOf("data: {\"id\":\"c1\",\"choices\":[]", StringComparison.Ordinal)]));

        observer.Usage.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void TailUsageObserver_LargeAnswerInSmallReads_FindsUsageAtTheEnd()
    {
        var answer = "{\"id\":\"x\",\"data\":[" + string.Join(",", Enumerable.Repeat("0.123456", 20_000))
            + "],\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8},\"system_fingerprint\":\"fp\"}";
        var bytes = Encoding.UTF8.GetBytes(answer);
        using var observer = new TailUsageObserver();
        for (var offset = 0; offset < bytes.Length; offset += 1000)
        {
            observer.Observe(bytes.AsSpan(offset, Math.Min(1000, bytes.Length - offset)));
        }

        observer.Usage.Should().Be(new TokenUsage(8, null, 8));
    }

    [Fact]
    public void TailUsageObserver_OneHugeRead_KeepsOnlyTheTail()
    {
        var answer = "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2},\"pad\":\"" + new string('x', 40_000) + "\"}";
        using var observer = new TailUsageObserver();
        observer.Observe(Encoding.UTF8.GetBytes(answer));

        observer.Usage.IsEmpty.Should().BeTrue("a usage object beyond the tail is not looked for");
    }

    [Theory]
    [InlineData("{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}", 3, 4, 7)]
    [InlineData("{\"usage\" : { \"total_tokens\" : 9 , \"prompt_tokens\":9}}", 9, null, 9)]
    [InlineData("{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7,\"completion_tokens_details\":{\"reasoning_tokens\":2}}}", 3, 4, 7)]
    public void UsageReader_Shapes(string json, int? prompt, int? completion, int? total)
    {
        UsageReader.TryFind(Encoding.UTF8.GetBytes(json), out var usage).Should().BeTrue();
        usage.Should().Be(new TokenUsage(prompt, completion, total));
    }

    [Theory]
    [InlineData("{\"usage\":null}")]
    [InlineData("{\"usage\":{\"prompt_tokens\":3,\"compl")]
    [InlineData("{\"text\":\"\\\"usage\\\":{\\\"prompt_tokens\\\":1}\"}")]
    public void UsageReader_NoUsableUsage(string json)
    {
        UsageReader.TryFind(Encoding.UTF8.GetBytes(json), out _).Should().BeFalse();
    }

    [Fact]
    public void AnthropicStreamTranslator_ByteByByte_MatchesWholeFeed()
    {
        const string transcript =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":2,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: ping\ndata: {\"type\":\"ping\"}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Héllo \\\"you\\\"\"}}\n\n"
            + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        var bytes = Encoding.UTF8.GetBytes(transcript);

        var whole = Translate([bytes], out var wholeTranslator);
        var pieces = bytes.Select(b => new[] { b }).ToArray();
        var byteByByte = Translate(pieces, out var pieceTranslator);

        byteByByte.Should().Be(whole);
        wholeTranslator.Completed.Should().BeTrue();
        pieceTranslator.Usage.Should().Be(new TokenUsage(12, 6, 18));
        var events = SseTranscript.Parse(whole);
        events.Should().HaveCount(5, "role, content, finish, usage, [DONE]");
        events[1].Should().Contain("\"content\":\"H\\u00E9llo \\u0022you\\u0022\"");
        events[2].Should().Contain("\"finish_reason\":\"length\"");
        events[3].Should().Contain("\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}");
        events[4].Should().Be("[DONE]");
    }

    [Fact]
    public void AnthropicStreamTranslator_ErrorEvent_IsPassedOnAndStops()
    {
        var bytes = Encoding.UTF8.GetBytes(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        var output = Translate([bytes], out var translator);

        translator.Failed.Should().BeTrue();
        translator.ReportedError.Should().BeTrue();
        translator.Completed.Should().BeFalse();
        output.Should().Be("data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\",\"code\":\"upstream_error\"}}\n\n");
    }

    private static string Translate(byte[][] pieces, out AnthropicStreamTranslator translator)
    {
        translator = new AnthropicStreamTranslator(includeUsage: true, created: 1700000000, model: "fallback");
        var output = new ArrayBufferWriter<byte>();
        long written = 0;
        foreach (var piece in pieces)
        {
            written += translator.Feed(piece, output);
        }

        written.Should().Be(output.WrittenCount);
        translator.Dispose();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
