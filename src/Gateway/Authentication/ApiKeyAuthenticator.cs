using System.Collections.Concurrent;
using System.Security.Cryptography;
using Switchyard.Data;
using Switchyard.Data.Keys;
using Switchyard.Data.Queries;

namespace Switchyard.Gateway.Authentication;

/// <summary>
/// Resolves <c>Authorization: Bearer …</c> or <c>x-api-key</c> to a <see cref="CallerIdentity"/> by SHA-256 lookup,
/// with an in-process cache in front of PostgreSQL. An entry is trusted for <see cref="FreshFor"/> (so a revocation
/// takes effect within a second even without a notification), then re-checked; when PostgreSQL cannot be reached a
/// known key keeps working from the cache (the gateway degrades, it does not lock everyone out).
/// </summary>
public sealed class ApiKeyAuthenticator(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    public async ValueTask<(AuthenticationOutcome Outcome, CallerIdentity? Caller)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (outcome, cacheKey) = ComputeCacheKey(request);
        if (cacheKey is null)
        {
            return (outcome, null);
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var entry) && now - entry.CheckedAt < FreshFor)
        {
            return entry.Result;
        }

        try
        {
            var result = await LookupAsync(Convert.FromBase64String(cacheKey), cancellationToken);
            if (_cache.Count >= MaxEntries)
            {
                _cache.Clear();
            }

            _cache[cacheKey] = new CacheEntry(result, now);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return entry is not null && entry.Result.Outcome == AuthenticationOutcome.Authenticated
                ? entry.Result
                : (AuthenticationOutcome.StoreUnavailable, null);
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

    /// <summary>The cache key is the key's hash (base64), so no plaintext key is ever kept in memory beyond the request.</summary>
    private static (AuthenticationOutcome Outcome, string? CacheKey) ComputeCacheKey(HttpRequest request)
    {
        var key = ReadKey(request);
        if (key.IsEmpty)
        {
            return (AuthenticationOutcome.MissingKey, null);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        return ApiKeyHasher.TryHash(key, hash)
            ? (AuthenticationOutcome.Authenticated, Convert.ToBase64String(hash))
            : (AuthenticationOutcome.InvalidKey, null);
    }

    private static ReadOnlySpan<char> ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0 && authorization[0] is { } header &&
            header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header.AsSpan(7).Trim();
        }

        return request.Headers.TryGetValue("x-api-key", out var apiKey) && apiKey.Count > 0 && apiKey[0] is { } value
            ? value.AsSpan().Trim()
            : [];
    }

    private async Task<(AuthenticationOutcome, CallerIdentity?)> LookupAsync(byte[] hash, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchyardDbContext>();
        var key = await db.FindApiKeyAsync(hash, cancellationToken);
        if (key is null)
        {
            return (AuthenticationOutcome.InvalidKey, null);
        }

        return key.IsRevoked
            ? (AuthenticationOutcome.RevokedKey, null)
            : (AuthenticationOutcome.Authenticated, new CallerIdentity(key.Id, key.OrganizationId, key.Name, key.Policy));
    }

    private sealed record CacheEntry((AuthenticationOutcome Outcome, CallerIdentity? Caller) Result, DateTimeOffset CheckedAt);
}
