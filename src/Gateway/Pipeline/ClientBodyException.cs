namespace Switchyard.Gateway.Pipeline;

/// <summary>The request body cannot be read as sent: malformed framing (400) or larger than the server allows (413).</summary>
public sealed class ClientBodyException : Exception
{
    public ClientBodyException()
        : this(400, "The request body is malformed.")
    {
    }

    public ClientBodyException(string message)
        : this(400, message)
    {
    }

    public ClientBodyException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    public ClientBodyException(int statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>400 or 413.</summary>
    public int StatusCode { get; }
}
