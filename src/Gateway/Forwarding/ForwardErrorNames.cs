namespace Switchyard.Gateway.Forwarding;

/// <summary>snake_case names of <see cref="ForwardError"/> for headers, logs and route traces.</summary>
public static class ForwardErrorNames
{
    public const string None = "none";
    public const string ConnectFailed = "connect_failed";
    public const string Timeout = "timeout";
    public const string UpstreamStatus = "upstream_status";
    public const string UpstreamBrokeOff = "upstream_broke_off";
    public const string ClientAborted = "client_aborted";
    public const string RequestRejected = "request_rejected";

    public static string ToWire(ForwardError error) => error switch
    {
        ForwardError.None => None,
        ForwardError.ConnectFailed => ConnectFailed,
        ForwardError.Timeout => Timeout,
        ForwardError.UpstreamStatus => UpstreamStatus,
        ForwardError.UpstreamBrokeOff => UpstreamBrokeOff,
        ForwardError.ClientAborted => ClientAborted,
        ForwardError.RequestRejected => RequestRejected,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };
}
