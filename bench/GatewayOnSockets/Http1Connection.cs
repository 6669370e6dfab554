using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;

/// <summary>
/// One client connection: reads a request, runs the application on it, finishes the response, and goes on with the
/// next request on the same connection until either side closes or the application aborts it.
/// </summary>
internal sealed class Http1Connection<TContext>(Socket socket, IHttpApplication<TContext> application)
    where TContext : notnull
{
    private readonly byte[] _request = new byte[64 * 1024];
    private readonly HeaderStrings _strings = new();
    private readonly Dictionary<object, object?> _items = [];
    private readonly string _id = Guid.NewGuid().ToString("N")[..13];

    public async Task RunAsync()
    {
        try
        {
            while (true)
            {
                var message = await Http1.ReadMessageAsync(socket, _request);
                if (message.EndOfStream || message.Chunked)
                {
                    break;
                }

                var exchange = new Http1Exchange(socket, _request, message, _strings, _items, _id);
                var context = application.CreateContext(exchange.Features);
                Exception? failure = null;
                try
                {
                    await application.ProcessRequestAsync(context);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                var ended = await exchange.EndAsync(failure);
                application.DisposeContext(context, failure);
                if (!ended)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // The client went away: drop the connection.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
