using Switchyard.Gateway.Forwarding;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// The requests the server answers through <see cref="Pipeline.ProxyHandler"/> itself: <c>POST</c> to one of these
/// paths exactly (any query ignored, as ASP.NET Core's routing does). Anything else, including other spellings of
/// the same paths, goes to ASP.NET Core, whose endpoints answer it as Kestrel would.
/// </summary>
internal static class ProxyRoutes
{
    public static bool TryMatch(ReadOnlySpan<byte> path, out GatewayEndpoint endpoint)
    {
        if (path.SequenceEqual("/v1/chat/completions"u8))
        {
            endpoint = GatewayEndpoint.ChatCompletions;
            return true;
        }

        if (path.SequenceEqual("/v1/completions"u8))
        {
            endpoint = GatewayEndpoint.Completions;
            return true;
        }

        if (path.SequenceEqual("/v1/embeddings"u8))
        {
            endpoint = GatewayEndpoint.Embeddings;
            return true;
        }

        endpoint = default;
        return false;
    }
}
