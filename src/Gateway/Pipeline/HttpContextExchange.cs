using System.Buffers;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Switchyard.Gateway.Pipeline;

/// <summary>
/// <see cref="ClientExchange"/> over ASP.NET Core's <see cref="HttpContext"/>: for Kestrel (<c>Gateway:Server=Kestrel</c>)
/// and for the requests the gateway's own server hands to ASP.NET Core.
/// </summary>
public sealed class HttpContextExchange(HttpContext context) : ClientExchange
{
    private static readonly object _connectionStateKey = new();

    public HttpContext Context { get; } = context ?? throw new ArgumentNullException(nameof(context));

    public override CancellationToken RequestAborted => Context.RequestAborted;

    public override long? RequestContentLength => Context.Request.ContentLength;

    public override bool HasConnectionState => ConnectionItems is not null;

    public override object? ConnectionState
    {
        get => ConnectionItems is { } items && items.TryGetValue(_connectionStateKey, out var value) ? value : null;
        set
        {
            if (ConnectionItems is { } items)
            {
                items[_connectionStateKey] = value;
            }
        }
    }

    public override bool HasStarted => Context.Response.HasStarted;

    public override int StatusCode
    {
        get => Context.Response.StatusCode;
        set => Context.Response.StatusCode = value;
    }

    public override long? ResponseContentLength
    {
        set => Context.Response.ContentLength = value;
    }

    public override IBufferWriter<byte> Body => Context.Response.BodyWriter;

    /// <summary>HTTP/1.x only: HTTP/2 streams of one connection run at once, and the connection's items are not safe to share between them.</summary>
    private IDictionary<object, object?>? ConnectionItems =>
        HttpProtocol.IsHttp11(Context.Request.Protocol) || HttpProtocol.IsHttp10(Context.Request.Protocol)
            ? Context.Features.Get<IConnectionItemsFeature>()?.Items
            : null;

    public override string? RequestHeader(string name) =>
        Context.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    public override async ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            return await Context.Request.Body.ReadAsync(destination, cancellationToken);
        }
        catch (BadHttpRequestException ex)
        {
            throw new ClientBodyException(ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? 413 : 400, ex.Message, ex);
        }
    }

    public override void SetHeader(string name, string value) => Context.Response.Headers[name] = value;

    public override void SetHeader(string name, string[] values) => Context.Response.Headers[name] = values;

    public override bool HasHeader(string name) => Context.Response.Headers.ContainsKey(name);

    public override void RemoveHeader(string name) => Context.Response.Headers.Remove(name);

    public override async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var result = await Context.Response.BodyWriter.FlushAsync(cancellationToken);
        return !result.IsCompleted && !result.IsCanceled;
    }

    public override void DisableBuffering() => Context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

    public override void Abort() => Context.Abort();
}
