namespace Switchyard.Domain.Routing;

/// <summary>The wire form of <see cref="RoutingErrorCode"/>: the OpenAI error's <c>code</c>, <c>type</c> and the HTTP status.</summary>
public static class RoutingErrorCodes
{
    public const string ModelRequired = "model_required";
    public const string ModelNotFound = "model_not_found";
    public const string AmbiguousModel = "ambiguous_model";
    public const string InvalidModel = "invalid_model";
    public const string GroupNotFound = "group_not_found";
    public const string GroupNotAllowed = "group_not_allowed";
    public const string ModelNotAllowed = "model_not_allowed";
    public const string InvalidWeight = "invalid_weight";
    public const string NoRoutableTarget = "no_routable_target";

    public const string InvalidRequestType = "invalid_request_error";
    public const string PermissionType = "permission_error";

    public static string ToWireCode(this RoutingErrorCode code) => code switch
    {
        RoutingErrorCode.ModelRequired => ModelRequired,
        RoutingErrorCode.ModelNotFound => ModelNotFound,
        RoutingErrorCode.AmbiguousModel => AmbiguousModel,
        RoutingErrorCode.InvalidModel => InvalidModel,
        RoutingErrorCode.GroupNotFound => GroupNotFound,
        RoutingErrorCode.GroupNotAllowed => GroupNotAllowed,
        RoutingErrorCode.ModelNotAllowed => ModelNotAllowed,
        RoutingErrorCode.InvalidWeight => InvalidWeight,
        RoutingErrorCode.NoRoutableTarget => NoRoutableTarget,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    public static int ToStatusCode(this RoutingErrorCode code) => code switch
    {
        RoutingErrorCode.GroupNotFound => 404,
        RoutingErrorCode.GroupNotAllowed or RoutingErrorCode.ModelNotAllowed => 403,
        RoutingErrorCode.ModelRequired or RoutingErrorCode.ModelNotFound or RoutingErrorCode.AmbiguousModel
            or RoutingErrorCode.InvalidModel or RoutingErrorCode.InvalidWeight or RoutingErrorCode.NoRoutableTarget => 400,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}
