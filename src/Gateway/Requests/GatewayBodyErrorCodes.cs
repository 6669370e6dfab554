namespace Switchyard.Gateway.Requests;

/// <summary>The <c>code</c> values of <see cref="GatewayBodyError"/>.</summary>
public static class GatewayBodyErrorCodes
{
    /// <summary>The body is not JSON, or not a JSON object.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A field the gateway reads has the wrong JSON type.</summary>
    public const string InvalidType = "invalid_type";

    /// <summary>An inline model's weight is not a finite JSON number (matches the Domain's <c>invalid_weight</c>).</summary>
    public const string InvalidWeight = "invalid_weight";

    /// <summary>OpenAI's own wording for a body it cannot parse, so SDK users recognise it.</summary>
    public const string InvalidJsonMessage =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. "
        + "The API expects a JSON payload, but what was sent was not valid JSON.)";
}
