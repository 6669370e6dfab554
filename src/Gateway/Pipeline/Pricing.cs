using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Pipeline;

/// <summary>Cost of a request from the connection's prices per million tokens; null when either is unknown.</summary>
public static class Pricing
{
    public static decimal? Cost(ConnectionRoute connection, int? promptTokens, int? completionTokens)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.InputPricePerMillion is not { } input || connection.OutputPricePerMillion is not { } output ||
            (promptTokens is null && completionTokens is null))
        {
            return null;
        }

        return ((promptTokens ?? 0) * input + (completionTokens ?? 0) * output) / 1_000_000m;
    }
}
