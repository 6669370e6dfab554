using System.Net.Http.Headers;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Forwarding;

/// <summary><see cref="UpstreamAnswer"/> over an <see cref="HttpResponseMessage"/> of <see cref="SocketsHttpHandler"/>.</summary>
internal sealed class HttpClientAnswer(HttpResponseMessage message) : UpstreamAnswer
{
    public override int StatusCode => (int)message.StatusCode;

    public override long? ContentLength => message.Content.Headers.ContentLength;

    public override string? MediaType => message.Content.Headers.ContentType?.MediaType;

    public override string? Header(string name) =>
        message.Headers.NonValidated.TryGetValues(name, out var values) || message.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? First(values)
            : null;

    public override async ValueTask<Stream> OpenContentAsync(CancellationToken cancellationToken) =>
        await message.Content.ReadAsStreamAsync(cancellationToken);

    public override void CopyHeadersTo(ClientExchange client, bool translated)
    {
        foreach (var header in message.Headers.NonValidated)
        {
            if (ShouldCopy(header.Key, translated))
            {
                Set(client, header.Key, header.Value);
            }
        }

        foreach (var header in message.Content.Headers.NonValidated)
        {
            if (ShouldCopy(header.Key, translated))
            {
                Set(client, header.Key, header.Value);
            }
        }
    }

    public override void Dispose() => message.Dispose();

    private static string? First(HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return null;
    }

    private static void Set(ClientExchange client, string name, HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            client.SetHeader(name, values.ToString());
            return;
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        client.SetHeader(name, array);
    }
}
