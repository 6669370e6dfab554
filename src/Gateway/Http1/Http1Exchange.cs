using System.Buffers;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// <see cref="ClientExchange"/> for the gateway's own server: request headers read from the connection's input buffer,
/// the answer framed by <see cref="Http1Response"/>. One per connection, reused by every request on it; no
/// <see cref="HttpContext"/>, feature collection or header dictionary is built.
/// </summary>
internal sealed class Http1Exchange(Http1Connection connection) : ClientExchange
{
    public override CancellationToken RequestAborted => connection.Aborted;

    public override long? RequestContentLength => connection.Head.Framing switch
    {
        BodyFraming.ContentLength => connection.Head.ContentLength,
        BodyFraming.Chunked => null,
        _ => 0,
    };

    public override object? ConnectionState
    {
        get => connection.State;
        set => connection.State = value;
    }

    public override bool HasConnectionState => true;

    public override bool HasStarted => connection.Response.HasStarted;

    public override int StatusCode
    {
        get => connection.Response.StatusCode;
        set => connection.Response.StatusCode = value;
    }

    public override long? ResponseContentLength
    {
        set => connection.Response.ContentLength = value;
    }

    public override IBufferWriter<byte> Body => connection.Response;

    public override string? RequestHeader(string name) => connection.HeaderValue(name);

    public override ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken) =>
        connection.ReadBodyAsync(destination, cancellationToken);

    public override void SetHeader(string name, string value) => connection.Response.SetHeader(name, value, null);

    public override void SetHeader(string name, string[] values) => connection.Response.SetHeader(name, null, values);

    public override bool HasHeader(string name) => connection.Response.HasHeader(name);

    public override void RemoveHeader(string name) => connection.Response.RemoveHeader(name);

    // The request's own token needs no registration per send: a request cancelled by the server has its socket closed.
    public override ValueTask<bool> FlushAsync(CancellationToken cancellationToken) =>
        connection.Response.FlushAsync(final: false, cancellationToken == connection.Aborted ? CancellationToken.None : cancellationToken);

    public override void DisableBuffering()
    {
        // Nothing to disable: every flush is sent at once.
    }

    public override void Abort() => connection.Abort();
}
