namespace Switchyard.Gateway.Redis;

/// <summary>
/// Redis could not answer (not configured, disconnected, timed out). Callers catch this one type and carry on with
/// in-process state; the store has already logged the outage (once).
/// </summary>
public sealed class RedisUnavailableException : Exception
{
    public RedisUnavailableException()
        : this("Redis is unavailable.")
    {
    }

    public RedisUnavailableException(string message)
        : base(message)
    {
    }

    public RedisUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
