namespace Switchyard.Gateway.Requests;

/// <summary>
/// Why a request body cannot be used, as a value: rendered as a 400 in the OpenAI error shape.
/// </summary>
/// <param name="Code">The OpenAI error <c>code</c>: <see cref="GatewayBodyErrorCodes.InvalidJson"/>, <see cref="GatewayBodyErrorCodes.InvalidType"/> or <see cref="GatewayBodyErrorCodes.InvalidWeight"/>.</param>
/// <param name="Message">A sentence for the caller.</param>
/// <param name="Param">The body field at fault (<c>stream</c>, <c>load_balance_group.models[1].weight</c>), or null for malformed JSON.</param>
public sealed record GatewayBodyError(string Code, string Message, string? Param)
{
    /// <summary>Always 400: every body error is the caller's.</summary>
    public int StatusCode => 400;

    /// <summary>The OpenAI error <c>type</c>.</summary>
    public string ErrorType => "invalid_request_error";
}
