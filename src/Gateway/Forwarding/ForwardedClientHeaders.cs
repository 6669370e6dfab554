using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// The few client request headers worth passing to a provider. Deliberately an allow-list: the client's
/// <c>Authorization</c> is the gateway key, and OpenAI organization/project headers name the client's account,
/// not the connection's.
/// </summary>
public static class ForwardedClientHeaders
{
    private static readonly string[] _allowed = ["User-Agent", "OpenAI-Beta", "anthropic-beta"];

    /// <summary>The allowed headers present on <paramref name="exchange"/>'s request, for <see cref="UpstreamCall.Headers"/>; null when none.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Select(ClientExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        List<KeyValuePair<string, string>>? selected = null;
        foreach (var name in _allowed)
        {
            // Only what an HTTP/1.1 header line can carry unchanged: the upstream client sends ASCII.
            if (exchange.RequestHeader(name) is { } value && System.Text.Ascii.IsValid(value))
            {
                (selected ??= []).Add(new KeyValuePair<string, string>(name, value));
            }
        }

        return selected;
    }
}
