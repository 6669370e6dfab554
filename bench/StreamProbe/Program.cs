using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// Sends the same streaming request N times, one after another over one keep-alive connection, and prints the time
// from sending to the first body bytes (the first SSE event) and to the end of the stream, as percentiles.
// Usage: StreamProbe URL BODY_FILE [HEADERS_FILE] [--requests N] [--warmup N]
// Prints: PROBE requests=.. errors=.. first_p50_us=.. first_p90_us=.. first_p99_us=.. total_p50_us=..
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: StreamProbe URL BODY_FILE [HEADERS_FILE] [--requests N] [--warmup N]");
    return 2;
}

var url = new Uri(args[0]);
var body = File.ReadAllBytes(args[1]);
var headers = new List<KeyValuePair<string, string>>();
var requests = 300;
var warmup = 20;
for (var i = 2; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--requests":
            requests = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--warmup":
            warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            foreach (var line in File.ReadAllLines(args[i]))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }

            break;
    }
}

using var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 1,
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
});

var done = "data: [DONE]"u8.ToArray();
var buffer = new byte[64 * 1024];
var first = new List<long>(requests);
var total = new List<long>(requests);
var errors = 0;
var deadline = Stopwatch.StartNew();
for (var n = 0; n < warmup + requests && deadline.Elapsed < TimeSpan.FromMinutes(2); n++)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/json");
    foreach (var (name, value) in headers)
    {
        request.Headers.TryAddWithoutValidation(name, value);
    }

    var started = Stopwatch.GetTimestamp();
    long firstAt = 0;
    var ok = false;
    try
    {
        using var response = await client.SendAsync(request, CancellationToken.None);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (firstAt == 0)
            {
                firstAt = Stopwatch.GetTimestamp();
            }

            received.Write(buffer, 0, read);
        }

        ok = response.StatusCode == HttpStatusCode.OK && received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf(done) >= 0;
    }
    catch (HttpRequestException)
    {
        ok = false;
    }

    var ended = Stopwatch.GetTimestamp();
    if (n < warmup)
    {
        continue;
    }

    if (!ok || firstAt == 0)
    {
        errors++;
        continue;
    }

    first.Add(Micros(firstAt - started));
    total.Add(Micros(ended - started));
}

first.Sort();
total.Sort();
var text = new StringBuilder();
text.Append(CultureInfo.InvariantCulture, $"PROBE requests={first.Count + errors} errors={errors}");
text.Append(CultureInfo.InvariantCulture, $" first_p50_us={Percentile(first, 50)} first_p90_us={Percentile(first, 90)} first_p99_us={Percentile(first, 99)}");
text.Append(CultureInfo.InvariantCulture, $" total_p50_us={Percentile(total, 50)}");
Console.WriteLine(text.ToString());
return 0;

static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

static long Percentile(List<long> sorted, double p) =>
    sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
