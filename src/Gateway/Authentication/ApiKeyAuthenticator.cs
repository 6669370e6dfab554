using System.Collections.Concurrent;
using System.Security.Cryptography;
using Switchyard.Data.Keys;
using Switchyard.Data.Queries;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Authentication;

/// <summary>
/// Resolves <c>Authorization: Bearer …</c> or <c>x-api-key</c> to a <see cref="CallerIdentity"/> by SHA-256 lookup,
/// with an in-process cache in front of PostgreSQL. An entry is trusted for <see cref="FreshFor"/>, then re-checked in
/// the background while it keeps answering (so a revocation takes effect about a second later even without a
/// notification, and a config-change notification drops it at once). When PostgreSQL cannot be reached a known key
/// keeps working from the cache (the gateway degrades, it does not lock everyone out); an unknown one gets 503.
/// </summary>
public sealed class ApiKeyAuthenticator(SystemQueries queries, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 100_000;
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    public async ValueTask<(AuthenticationOutcome Outcome, CallerIdentity? Caller)> AuthenticateAsync(ClientExchange exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var (outcome, cacheKey) = ComputeCacheKey(exchange);
        if (cacheKey is null)
        {
            return (outcome, null);
        }

        if (_cache.TryGetValue(cacheKey, out var entry))
        {
            // Stale-while-revalidate: the request never waits on PostgreSQL for a key it has seen, so an outage
            // (or a slow database) does not stall traffic; the answer is at most one refresh behind.
            if (time.GetUtcNow() - entry.CheckedAt >= FreshFor && entry.TryBeginRefresh())
            {
                _ = RefreshAsync(cacheKey, entry);
            }

            return entry.Result;
        }

        try
        {
            var result = await LookupAsync(Convert.FromBase64String(cacheKey), cancellationToken);
            Store(cacheKey, result);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (AuthenticationOutcome.StoreUnavailable, null);
        }
    }

    /// <summary>Drops every cached key of an organization (called on a config-change notification).</summary>
    public void Invalidate(Guid organizationId)
    {
        foreach (var (cacheKey, entry) in _cache)
        {
            if (entry.Result.Caller?.OrganizationId == organizationId)
            {
                _cache.TryRemove(cacheKey, out _);
            }
        }
    }

    /// <summary>
    /// The cache key is the key's hash (base64), so no plaintext key is kept by the cache. The last hash is remembered
    /// per client connection, for the header string it came from: both servers hand out the very same string instance
    /// while a keep-alive connection repeats a header (<see cref="ClientExchange.RequestHeader"/>), so an identical
    /// reference skips SHA-256 (a few µs, the largest single cost of authentication). That string lives as long as the
    /// connection, which holds it anyway; any other string, even one with equal text, is hashed again. HTTP/2 requests
    /// are always hashed.
    /// </summary>
    private static (AuthenticationOutcome Outcome, string? CacheKey) ComputeCacheKey(ClientExchange exchange)
    {
        var header = ReadKey(exchange, out var key);
        if (key.IsEmpty)
        {
            return (AuthenticationOutcome.MissingKey, null);
        }

        var remembers = exchange.HasConnectionState;
        if (remembers && exchange.ConnectionState is LastKey last && ReferenceEquals(last.Header, header))
        {
            return (AuthenticationOutcome.Authenticated, last.CacheKey);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (!ApiKeyHasher.TryHash(key, hash))
        {
            return (AuthenticationOutcome.InvalidKey, null);
        }

        var cacheKey = Convert.ToBase64String(hash);
        if (remembers)
        {
            exchange.ConnectionState = new LastKey(header!, cacheKey);
        }

        return (AuthenticationOutcome.Authenticated, cacheKey);
    }

    /// <summary>The header the key came in (null when none) and the key itself.</summary>
    private static string? ReadKey(ClientExchange exchange, out ReadOnlySpan<char> key)
    {
        if (exchange.RequestHeader("Authorization") is { } header &&
            header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header.AsSpan(7).Trim();
            return header;
        }

        if (exchange.RequestHeader("x-api-key") is { } value)
        {
            key = value.AsSpan().Trim();
            return value;
        }

        key = [];
        return null;
    }

    /// <summary>A connection's last key header and its hash (see <see cref="ComputeCacheKey"/>).</summary>
    private sealed record LastKey(string Header, string CacheKey);

    private async Task<(AuthenticationOutcome, CallerIdentity?)> LookupAsync(byte[] hash, CancellationToken cancellationToken)
    {
        var key = await queries.FindApiKeyAsync(hash, cancellationToken);
        if (key is null)
        {
            return (AuthenticationOutcome.InvalidKey, null);
        }

        return key.IsRevoked
            ? (AuthenticationOutcome.RevokedKey, null)
            : (AuthenticationOutcome.Authenticated, new CallerIdentity(key.Id, key.OrganizationId, key.Name, key.Policy));
    }

    private async Task RefreshAsync(string cacheKey, CacheEntry entry)
    {
        try
        {
            using var timeout = new CancellationTokenSource(LookupTimeout);
            Store(cacheKey, await LookupAsync(Convert.FromBase64String(cacheKey), timeout.Token));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Keep serving the last answer; the next request after FreshFor tries again.
            entry.EndRefresh();
        }
    }

    private void Store(string cacheKey, (AuthenticationOutcome, CallerIdentity?) result)
    {
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = new CacheEntry(result, time.GetUtcNow());
    }

    private sealed class CacheEntry((AuthenticationOutcome Outcome, CallerIdentity? Caller) result, DateTimeOffset checkedAt)
    {
        private int _refreshing;

        public (AuthenticationOutcome Outcome, CallerIdentity? Caller) Result { get; } = result;
        public DateTimeOffset CheckedAt { get; } = checkedAt;

        /// <summary>One refresh at a time per key, however many requests arrive meanwhile.</summary>
        public bool TryBeginRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

        public void EndRefresh() => Volatile.Write(ref _refreshing, 0);
    }
}
