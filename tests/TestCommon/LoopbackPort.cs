using System.Net;
using System.Net.Sockets;

namespace Switchyard.TestCommon;

/// <summary>Ports for servers a test starts as a child process, which must be told their port up front.</summary>
public static class LoopbackPort
{
    /// <summary>A loopback port that was free a moment ago (the OS picks it; the child binds it soon after).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
