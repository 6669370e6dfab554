namespace Switchyard.Gateway.Logging;

/// <summary>Event IDs of the request log writer, for log filters and tests.</summary>
public static class RequestLogEventIds
{
    /// <summary>PostgreSQL became unavailable for request logs (logged once per outage).</summary>
    public const int Unavailable = 4001;

    /// <summary>Writes work again after an outage (logged once per outage).</summary>
    public const int Recovered = 4002;

    /// <summary>One entry was refused by PostgreSQL and dropped.</summary>
    public const int Rejected = 4003;

    /// <summary>Entries still unwritten when the shutdown timeout ran out.</summary>
    public const int LostAtShutdown = 4004;

    /// <summary>A bug in the writer loop, caught so that it cannot stop the gateway.</summary>
    public const int Unexpected = 4005;
}
