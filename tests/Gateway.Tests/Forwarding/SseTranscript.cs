namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>The <c>data:</c> payloads of a server-sent event stream, in order.</summary>
internal static class SseTranscript
{
    public static List<string> Parse(string body)
    {
        var events = new List<string>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = block.Split('\n')
                .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
                .Select(line => line[5..].TrimStart());
            var payload = string.Join("\n", data);
            if (payload.Length > 0)
            {
                events.Add(payload);
            }
        }

        return events;
    }
}
