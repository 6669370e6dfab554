namespace Switchyard.Gateway.Logging;

/// <summary>Values of the <c>reason</c> label of <c>switchyard_request_log_dropped_total</c>.</summary>
public static class RequestLogDropReasons
{
    /// <summary>The queue was at capacity (PostgreSQL slow or down for long).</summary>
    public const string QueueFull = "queue_full";

    /// <summary>PostgreSQL refused the row itself (e.g. a value too long for its column); retrying cannot help.</summary>
    public const string Rejected = "rejected";

    /// <summary>Still unwritten when the host's shutdown timeout ran out, or enqueued after the writer stopped.</summary>
    public const string Shutdown = "shutdown";
}
