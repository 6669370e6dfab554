using System.Collections.Concurrent;

namespace Switchyard.Gateway.Forwarding.Http1Client;

/// <summary>
/// The idle keep-alive connections to one upstream host and port. Taking and returning one takes no lock; a
/// connection past its lifetime (so that DNS changes are picked up) or idle too long is closed instead of reused.
/// </summary>
internal sealed class Http1UpstreamPool(string host, int port, UpstreamForwarderOptions options)
{
    private readonly ConcurrentQueue<Http1UpstreamConnection> _idle = new();
    private readonly long _lifetimeMs = ToMilliseconds(options.PooledConnectionLifetime);
    private readonly long _idleMs = ToMilliseconds(options.PooledConnectionIdleTimeout);

    public string Host { get; } = host;

    public int Port { get; } = port;

    public UpstreamForwarderOptions Options { get; } = options;

    /// <summary>Idle connections now.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>An idle connection still worth using, or null.</summary>
    public Http1UpstreamConnection? TryRent()
    {
        var now = Environment.TickCount64;
        while (_idle.TryDequeue(out var connection))
        {
            if (!IsExpired(connection, now))
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    /// <summary>Keeps a connection whose answer ended cleanly; false when it is too old to keep (the caller closes it).</summary>
    public bool Return(Http1UpstreamConnection connection)
    {
        var now = Environment.TickCount64;
        if (now - connection.Created >= _lifetimeMs)
        {
            return false;
        }

        connection.IdleSince = now;
        _idle.Enqueue(connection);
        return true;
    }

    /// <summary>Closes the connections that have been idle too long (a periodic sweep, so that none is held forever).</summary>
    public void Sweep()
    {
        var now = Environment.TickCount64;
        for (var i = _idle.Count; i > 0 && _idle.TryDequeue(out var connection); i--)
        {
            if (IsExpired(connection, now))
            {
                connection.Dispose();
            }
            else
            {
                _idle.Enqueue(connection);
            }
        }
    }

    public void Clear()
    {
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }
    }

    private bool IsExpired(Http1UpstreamConnection connection, long now) =>
        now - connection.IdleSince >= _idleMs || now - connection.Created >= _lifetimeMs;

    private static long ToMilliseconds(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan || value <= TimeSpan.Zero ? long.MaxValue : (long)value.TotalMilliseconds;
}
