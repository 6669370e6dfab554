namespace Switchyard.MockProvider.Scenario;

/// <summary>
/// The behaviour chosen by the <c>/x/{option}/…</c> segments of a request path. Immutable; parsed per request
/// by <see cref="MockOptionsParser"/>. Defaults describe a healthy, fast provider.
/// </summary>
public sealed record MockOptions
{
    /// <summary>The name used when a path gives no <c>name=</c> option.</summary>
    public const string DefaultName = "mock";

    /// <summary>Number of content chunks in a stream when <c>chunks=</c> is not given.</summary>
    public const int DefaultChunks = 5;

    public static MockOptions Default { get; } = new();

    /// <summary><c>delay_ms</c>: wait before the response headers.</summary>
    public int DelayMs { get; init; }

    /// <summary><c>first_byte_ms</c>: streams wait this long after the headers before the first event; other answers add it to the delay.</summary>
    public int FirstByteMs { get; init; }

    /// <summary><c>chunk_delay_ms</c>: pause between content chunks of a stream.</summary>
    public int ChunkDelayMs { get; init; }

    /// <summary><c>fail</c>: answer with an error status (or reset the connection), always or at a rate.</summary>
    public FailureSpec? Fail { get; init; }

    /// <summary><c>fail_first</c>: the failure applies only to the first N requests of this option set.</summary>
    public int? FailFirst { get; init; }

    /// <summary><c>retry_after</c>: seconds sent in a <c>Retry-After</c> header with failures.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary><c>seed</c>: seeds the random draws of <c>fail=STATUS@RATE</c>, so a sequence of requests is reproducible.</summary>
    public int? Seed { get; init; }

    /// <summary><c>cut_after</c>: streams send this many content chunks, then the connection is aborted.</summary>
    public int? CutAfter { get; init; }

    /// <summary><c>name</c>: identity echoed in the reply text and the <c>x-mock-name</c> header.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary><c>chunks</c>: number of content chunks in a stream (and words-groups in a reply).</summary>
    public int Chunks { get; init; } = DefaultChunks;

    /// <summary><c>hang=1</c>: never answer; wait until the client goes away.</summary>
    public bool Hang { get; init; }

    /// <summary><c>require_key</c>: the only credential accepted; anything else is a 401.</summary>
    public string? RequireKey { get; init; }

    /// <summary><c>models</c>: the ids listed by <c>GET /models</c> (comma separated in the path).</summary>
    public IReadOnlyList<string>? Models { get; init; }
}
