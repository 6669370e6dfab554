using Switchyard.Domain.Tenancy;

namespace Switchyard.Domain.Logs;

/// <summary>One request through the gateway. No prompt or completion text unless the organization turns that on.</summary>
public sealed class RequestLog : IOrganizationOwned
{
    /// <summary>A row with a new UUIDv7 key.</summary>
    public RequestLog() => Id = Guid.CreateVersion7();

    /// <summary>A row whose key is already known (the gateway's request ID is a UUIDv7 too).</summary>
    public RequestLog(Guid id) => Id = id;

    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The <c>x-switchyard-request-id</c> the caller saw.</summary>
    public required string RequestId { get; set; }
    public Guid? ApiKeyId { get; set; }
    public required string Endpoint { get; set; }
    public string? GroupPublicId { get; set; }
    public int? GroupVersion { get; set; }

    /// <summary><c>slug/model</c> that served (or was last tried).</summary>
    public string? Target { get; set; }

    /// <summary>The decision trace, as in <c>x-switchyard-route</c>.</summary>
    public string? Route { get; set; }
    public int Status { get; set; }
    public int Attempts { get; set; }
    public bool Stream { get; set; }
    public bool Fallback { get; set; }
    public bool Truncated { get; set; }
    public int LatencyMs { get; set; }
    public int? FirstByteMs { get; set; }
    public int? PromptTokens { get; set; }
    public int? CompletionTokens { get; set; }
    public int? TotalTokens { get; set; }
    public decimal? Cost { get; set; }
    public string? ErrorCode { get; set; }

    /// <summary>Request <c>metadata</c> as JSON, for filtering logs.</summary>
    public string? MetadataJson { get; set; }
}
