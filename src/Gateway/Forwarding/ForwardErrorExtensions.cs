namespace Switchyard.Gateway.Forwarding;

public static class ForwardErrorExtensions
{
    /// <summary>
    /// Whether another target may be tried after <paramref name="error"/>. Connection failures, timeouts and an
    /// upstream that broke off are always retryable; a client abort and a rejected request never are; an upstream
    /// status is retryable when it is in <paramref name="retryableStatusCodes"/>, or, when that is null or empty,
    /// when it is 408, 429 or 5xx. The caller must still check that nothing reached the client yet.
    /// </summary>
    public static bool IsRetryable(this ForwardError error, int statusCode, IReadOnlyCollection<int>? retryableStatusCodes = null) => error switch
    {
        ForwardError.None or ForwardError.ClientAborted or ForwardError.RequestRejected => false,
        ForwardError.ConnectFailed or ForwardError.Timeout or ForwardError.UpstreamBrokeOff => true,
        ForwardError.UpstreamStatus => retryableStatusCodes is { Count: > 0 }
            ? Contains(retryableStatusCodes, statusCode)
            : IsDefaultRetryableStatus(statusCode),
        _ => false,
    };

    /// <summary>408, 429 and 5xx.</summary>
    public static bool IsDefaultRetryableStatus(int statusCode) => statusCode is 408 or 429 or (>= 500 and <= 599);

    private static bool Contains(IReadOnlyCollection<int> codes, int statusCode)
    {
        foreach (var code in codes)
        {
            if (code == statusCode)
            {
                return true;
            }
        }

        return false;
    }
}
