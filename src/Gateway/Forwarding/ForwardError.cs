namespace Switchyard.Gateway.Forwarding;

/// <summary>How a forwarded request went wrong, as a value (after YARP's <c>ForwarderError</c>).</summary>
public enum ForwardError
{
    /// <summary>The upstream answered 2xx and, as far as the call went, completely.</summary>
    None = 0,

    /// <summary>No connection: refused, DNS failure, TLS failure, connect timeout.</summary>
    ConnectFailed,

    /// <summary>The request timeout or the first-byte timeout passed.</summary>
    Timeout,

    /// <summary>The upstream answered with a non-2xx status.</summary>
    UpstreamStatus,

    /// <summary>The upstream broke the connection before its answer was complete (before or after the headers).</summary>
    UpstreamBrokeOff,

    /// <summary>The client went away (its request was aborted); never held against the upstream.</summary>
    ClientAborted,

    /// <summary>The request cannot be sent to this target (e.g. no translation to its provider exists): a 400 for the client.</summary>
    RequestRejected,
}
