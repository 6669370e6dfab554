using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Gateway.Observability;

/// <summary>
/// Who may read <c>/metrics</c>. Its series name every organization's targets and traffic, and the gateway's port is
/// usually public, so by default only callers on the gateway's own machine (loopback) get them. <c>Metrics:Token</c>
/// opens it to anyone presenting <c>Authorization: Bearer &lt;token&gt;</c> (and then requires the token from loopback
/// too); <c>Metrics:AllowRemote</c> opens it to everyone, for networks that are private already.
/// </summary>
public static class MetricsAccess
{
    public enum Verdict
    {
        Allowed,
        TokenRequired,
        LoopbackOnly,
    }

    public static Verdict Check(HttpContext context, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.Token))
        {
            return HasToken(context.Request, options.Token) ? Verdict.Allowed : Verdict.TokenRequired;
        }

        if (options.AllowRemote || IsLoopback(context.Connection.RemoteIpAddress))
        {
            return Verdict.Allowed;
        }

        return Verdict.LoopbackOnly;
    }

    /// <summary>Answers a refused scrape: 401 with a Bearer challenge, or 403 saying how to open the endpoint.</summary>
    public static Task RefuseAsync(HttpResponse response, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        if (verdict == Verdict.TokenRequired)
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Bearer";
            return response.WriteAsync("/metrics needs Authorization: Bearer <Metrics:Token>.\n");
        }

        response.StatusCode = StatusCodes.Status403Forbidden;
        return response.WriteAsync(
            "/metrics is served to callers on this machine only. Set Metrics__Token (then scrape with Authorization: Bearer <token>) "
            + "or Metrics__AllowRemote=true to serve it over the network.\n");
    }

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header.AsSpan(Prefix.Length).Trim().ToString());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token));
    }

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
