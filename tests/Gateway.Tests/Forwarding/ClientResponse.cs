using System.Text;
using Microsoft.AspNetCore.Http;
using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Forwarding;

/// <summary>A client response without a server: copies into a <see cref="DefaultHttpContext"/> over a memory stream.</summary>
internal sealed class ClientResponse
{
    public ClientResponse()
    {
        Context = new DefaultHttpContext();
        Context.Response.Body = new MemoryStream();
    }

    public DefaultHttpContext Context { get; }

    public HttpResponse Response => Context.Response;

    public string Body => Encoding.UTF8.GetString(((MemoryStream)Context.Response.Body).ToArray());

    public static async Task<(CopyOutcome Outcome, ClientResponse Client)> CopyAsync(UpstreamForwarder forwarder, UpstreamResponse upstream)
    {
        var client = new ClientResponse();
        var outcome = await forwarder.CopyToAsync(upstream, new HttpContextExchange(client.Context), CancellationToken.None);
        await client.Response.BodyWriter.FlushAsync();
        return (outcome, client);
    }
}
