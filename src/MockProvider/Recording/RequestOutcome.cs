using System.Text.Json.Serialization;

namespace Switchyard.MockProvider.Recording;

/// <summary>How a recorded request ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestOutcome>))]
public enum RequestOutcome
{
    /// <summary>Still being answered (delayed, hanging or streaming).</summary>
    [JsonStringEnumMemberName("in_progress")]
    InProgress,

    /// <summary>The whole answer was written, whatever its status.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>The client went away (or cancelled) before the answer was complete.</summary>
    [JsonStringEnumMemberName("client_aborted")]
    ClientAborted,

    /// <summary>The mock broke the connection on purpose (<c>cut_after</c>, <c>fail=reset</c>) or shut down mid-answer.</summary>
    [JsonStringEnumMemberName("server_aborted")]
    ServerAborted,
}
