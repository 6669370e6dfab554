using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Gateway.Requests;

/// <summary>The outcome of <see cref="GatewayRequestBody.Parse"/>: exactly one of <see cref="Body"/> and <see cref="Error"/> is set.</summary>
public readonly record struct GatewayBodyParseResult
{
    public GatewayBodyParseResult(GatewayRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
    }

    public GatewayBodyParseResult(GatewayBodyError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public GatewayRequestBody? Body { get; }

    public GatewayBodyError? Error { get; }

    [MemberNotNullWhen(true, nameof(Body))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Body is not null;

    public static implicit operator GatewayBodyParseResult(GatewayRequestBody body) => new(body);

    public static implicit operator GatewayBodyParseResult(GatewayBodyError error) => new(error);
}
