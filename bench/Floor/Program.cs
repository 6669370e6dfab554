using System.Net;
using System.Net.Http.Headers;
using Switchyard.Gateway.Pipeline;

// The floor: POST /v1/chat/completions → the upstream given as the first argument, the answer copied back.
// With --client sockets the upstream leg goes over pooled plain sockets instead of SocketsHttpHandler, which splits the
// floor's cost between the server and the client.
// Usage: Floor UPSTREAM_URL [--client sockets] --urls http://127.0.0.1:PORT
if (args.Length < 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var upstream))
{
    await Console.Error.WriteLineAsync("usage: Floor UPSTREAM_URL [--client sockets] [--urls http://127.0.0.1:PORT]");
    return 2;
}

var rawClient = args.Length >= 3 && args[1] == "--client" && args[2] == "sockets";
var hostArgs = rawClient ? args[3..] : args[1..];

// As the gateway does at start (src/Gateway/SocketCompletions.cs).
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS",
    Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "1");

var builder = WebApplication.CreateSlimBuilder(hostArgs);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

// Scheduled as the gateway schedules (src/Gateway/GatewayApp.cs), by the same calls: Kestrel's inline scheduling, and
// the gateway's own InlineGate moving requests to the thread pool when busy. The same settings reach it from the
// environment.
builder.WebHost.UseInlineScheduling(builder.Configuration);
builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
builder.Services.AddInlineGate();
var app = builder.Build();
app.UseInlineGate();
var json = new MediaTypeHeaderValue("application/json");
using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseCookies = false,
    AllowAutoRedirect = false,
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
    ActivityHeadersPropagator = null,
});

using var sockets = new RawUpstream(upstream);
app.MapPost("/v1/chat/completions", async context =>
{
    var request = context.Request;
    var body = new byte[(int)(request.ContentLength ?? 16 * 1024)];
    var length = 0;
    int read;
    while (length < body.Length && (read = await request.Body.ReadAsync(body.AsMemory(length), context.RequestAborted)) > 0)
    {
        length += read;
    }

    if (rawClient)
    {
        await sockets.ForwardAsync(context, body.AsMemory(0, length));
        return;
    }

    using var message = new HttpRequestMessage(HttpMethod.Post, upstream) { Content = new ReadOnlyMemoryContent(body.AsMemory(0, length)) };
    message.Content.Headers.ContentType = json;
    message.Headers.TryAddWithoutValidation("Authorization", request.Headers.Authorization.ToString());
    using var answer = await invoker.SendAsync(message, context.RequestAborted);
    var response = context.Response;
    response.StatusCode = (int)answer.StatusCode;
    response.ContentType = answer.Content.Headers.ContentType?.ToString();
    response.ContentLength = answer.Content.Headers.ContentLength;
    await using var stream = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
    await stream.CopyToAsync(response.Body, context.RequestAborted);
});

app.MapGet("/health", () => "ok");
await app.RunAsync();
return 0;
