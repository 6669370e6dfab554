namespace Switchyard.Domain.Routing;

/// <summary>Why a request could not be routed. Wire codes and status codes: <see cref="RoutingErrorCodes"/>.</summary>
public enum RoutingErrorCode
{
    /// <summary>400: no model, no group and no default group on the key.</summary>
    ModelRequired = 0,

    /// <summary>400: a model name that no connection of the organization serves.</summary>
    ModelNotFound = 1,

    /// <summary>400: a bare model name that several connections serve.</summary>
    AmbiguousModel = 2,

    /// <summary>400: an empty or malformed model name (e.g. <c>slug/</c>, or <c>group:…</c> where only models are allowed).</summary>
    InvalidModel = 3,

    /// <summary>404: no such group in this organization.</summary>
    GroupNotFound = 4,

    /// <summary>403: the key's policy does not allow the group.</summary>
    GroupNotAllowed = 5,

    /// <summary>403: the key's policy does not allow the model.</summary>
    ModelNotAllowed = 6,

    /// <summary>400: a weight that is not a finite number ≥ 0, or weights that are all 0.</summary>
    InvalidWeight = 7,

    /// <summary>400: an inline model list with nothing in it.</summary>
    NoRoutableTarget = 8,
}
