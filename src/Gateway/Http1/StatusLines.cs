using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Switchyard.Gateway.Http1;

/// <summary>Status lines (<c>HTTP/1.1 200 OK\r\n</c>) as bytes, each built once.</summary>
internal static class StatusLines
{
    private static readonly byte[]?[] _lines = new byte[]?[600];

    public static ReadOnlySpan<byte> For(int statusCode)
    {
        if (statusCode is < 100 or > 599)
        {
            statusCode = 500;
        }

        // RFC 9112 §4: the space before the reason phrase stays when the phrase is empty.
        return _lines[statusCode] ??= Encoding.ASCII.GetBytes($"HTTP/1.1 {statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}\r\n");
    }
}
