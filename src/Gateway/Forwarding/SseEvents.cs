using System.Buffers;

namespace Switchyard.Gateway.Forwarding;

/// <summary>The gateway's own server-sent events.</summary>
internal static class SseEvents
{
    /// <summary>Sent when the upstream broke off mid-stream: never a clean-looking end, never <c>[DONE]</c>.</summary>
    public static ReadOnlySpan<byte> Truncated =>
        "data: {\"error\":{\"message\":\"upstream connection closed before the response completed\",\"type\":\"upstream_error\",\"code\":\"upstream_truncated\"}}\n\n"u8;

    /// <summary>Sent when the request timeout passed mid-stream.</summary>
    public static ReadOnlySpan<byte> TimedOut =>
        "data: {\"error\":{\"message\":\"upstream did not complete the response within the request timeout\",\"type\":\"upstream_error\",\"code\":\"upstream_timeout\"}}\n\n"u8;

    public static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public static long WriteDone(IBufferWriter<byte> output)
    {
        output.Write(Done);
        return Done.Length;
    }
}
