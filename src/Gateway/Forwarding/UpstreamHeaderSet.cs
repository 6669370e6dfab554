namespace Switchyard.Gateway.Forwarding;

/// <summary>
/// The request headers one attempt sends besides the framing ones, the same for either upstream client: the client's
/// allowed headers, a User-Agent, and the connection's credential (and Anthropic's version header), in that order.
/// Enumerated without allocating.
/// </summary>
internal readonly record struct UpstreamHeaderSet(
    IReadOnlyList<KeyValuePair<string, string>>? Extra,
    string? UserAgent,
    string? CredentialName,
    string? CredentialValue,
    string? VersionName,
    string? VersionValue)
{
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Whether a value can go into a header line as it is: visible ASCII, spaces and tabs only.</summary>
    public static bool IsSafeValue(string value)
    {
        foreach (var c in value)
        {
            if (c is (< ' ' and not '\t') or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public struct Enumerator(UpstreamHeaderSet set)
    {
        private int _phase;
        private int _index = -1;

        public KeyValuePair<string, string> Current { get; private set; }

        public bool MoveNext()
        {
            while (true)
            {
                switch (_phase)
                {
                    case 0:
                        if (set.Extra is { } extra && ++_index < extra.Count)
                        {
                            if (HeaderPolicy.MayForward(extra[_index].Key))
                            {
                                Current = extra[_index];
                                return true;
                            }

                            continue;
                        }

                        _phase = 1;
                        continue;
                    case 1:
                        _phase = 2;
                        if (set.UserAgent is { } userAgent)
                        {
                            Current = new("User-Agent", userAgent);
                            return true;
                        }

                        continue;
                    case 2:
                        // Credentials after the client's headers, from the connection only: nothing the client sent replaces them.
                        _phase = 3;
                        if (set.CredentialName is { } credential && set.CredentialValue is { } secret)
                        {
                            Current = new(credential, secret);
                            return true;
                        }

                        continue;
                    case 3:
                        _phase = 4;
                        if (set.VersionName is { } version && set.VersionValue is { } value)
                        {
                            Current = new(version, value);
                            return true;
                        }

                        continue;
                    default:
                        return false;
                }
            }
        }
    }
}
