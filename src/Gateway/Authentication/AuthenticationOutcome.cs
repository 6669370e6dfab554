namespace Switchyard.Gateway.Authentication;

public enum AuthenticationOutcome
{
    Authenticated,
    MissingKey,
    InvalidKey,
    RevokedKey,

    /// <summary>The key store could not be reached and the key was not in the cache: 503, not 401.</summary>
    StoreUnavailable,
}
