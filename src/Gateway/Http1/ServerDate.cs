using System.Globalization;
using System.Text;

namespace Switchyard.Gateway.Http1;

/// <summary>The <c>Date</c> header line every response carries (RFC 9110 §6.6.1), rebuilt once a second by the server's heartbeat.</summary>
internal sealed class ServerDate
{
    private byte[] _line = Build(DateTimeOffset.UtcNow);

    /// <summary><c>Date: Mon, 07 Dec 2026 05:23:47 GMT\r\n</c>.</summary>
    public ReadOnlySpan<byte> Line => Volatile.Read(ref _line);

    public void Update(DateTimeOffset now) => Volatile.Write(ref _line, Build(now));

    private static byte[] Build(DateTimeOffset now) =>
        Encoding.ASCII.GetBytes("Date: " + now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture) + "\r\n");
}
