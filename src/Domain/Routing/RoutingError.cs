namespace Switchyard.Domain.Routing;

/// <summary>
/// A request that cannot be routed, as a value: the gateway renders it in the OpenAI error shape
/// <c>{"error": {"message", "type", "code", "param"}}</c> with <see cref="StatusCode"/>.
/// </summary>
/// <param name="Code">What went wrong.</param>
/// <param name="Message">A sentence for the caller; never contains secrets.</param>
/// <param name="Param">The body field at fault (<c>model</c>, <c>load_balance_group.group_id</c>, <c>fallback_models[1]</c>), if any.</param>
public sealed record RoutingError(RoutingErrorCode Code, string Message, string? Param = null)
{
    /// <summary>snake_case, e.g. <c>model_not_found</c>.</summary>
    public string WireCode => Code.ToWireCode();

    /// <summary>400, 403 or 404.</summary>
    public int StatusCode => Code.ToStatusCode();

    /// <summary>The OpenAI error <c>type</c>: <c>permission_error</c> for 403, else <c>invalid_request_error</c>.</summary>
    public string ErrorType => StatusCode == 403 ? RoutingErrorCodes.PermissionType : RoutingErrorCodes.InvalidRequestType;
}
