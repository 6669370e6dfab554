using System.ComponentModel.DataAnnotations;

namespace Switchyard.Gateway.Logging;

/// <summary>Configuration section <c>RequestLog</c>: buffering and batching of request log writes.</summary>
public sealed class RequestLogOptions
{
    public const string SectionName = "RequestLog";

    /// <summary>Entries held in memory while PostgreSQL is slow or down; past it new entries are dropped (and counted).</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 50_000;

    /// <summary>Most rows per COPY.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1_000;

    /// <summary>Longest wait for a batch to fill before it is written anyway.</summary>
    [Range(1, 60_000)]
    public int FlushIntervalMs { get; set; } = 200;

    /// <summary>Cap of the exponential backoff between write attempts while PostgreSQL is unavailable.</summary>
    [Range(10, 300_000)]
    public int MaxRetryDelayMs { get; set; } = 5_000;
}
