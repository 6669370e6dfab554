namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// The few client request headers worth passing to a provider. Deliberately an allow-list: the client's
/// <c>Authorization</c> is the gateway key, and OpenAI organization/project headers name the client's account,
/// not the connection's.
/// </summary>
public static class ForwardedClientHeaders
{
    private static readonly string[] _allowed = ["User-Agent", "OpenAI-Beta", "anthropic-beta"];

    /// <summary>The allowed headers present on <paramref name="request"/>, for <see cref="UpstreamCall.Headers"/>; null when none.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Select(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<KeyValuePair<string, string>>? selected = null;
        foreach (var name in _allowed)
        {
            if (request.Headers.TryGetValue(name, out var values) && values.Count > 0)
            {
                (selected ??= []).Add(new KeyValuePair<string, string>(name, values.ToString()));
            }
        }

        return selected;
    }
}
