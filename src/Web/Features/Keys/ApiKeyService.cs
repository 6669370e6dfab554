using Microsoft.EntityFrameworkCore;
using Switchyard.Data;
using Switchyard.Data.Keys;
using Switchyard.Domain.Keys;
using Switchyard.Web.Features.Audit;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web.Features.Keys;

/// <summary>
/// Everything the API keys pages do. Anyone in the organization sees the list (never a key, only its last four
/// characters); members create, change and revoke their own keys; admins every key. The full key exists only in the
/// <see cref="CreatedApiKey"/> returned once by <see cref="CreateAsync"/>: only its hash is stored.
/// </summary>
public sealed class ApiKeyService(
    ITenantAccess access,
    TenantDbContextFactory database,
    IAuditLog audit,
    ConfigurationChanges changes,
    TimeProvider time)
{
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = database.Create(tenant);
        var keys = await db.ApiKeys.AsNoTracking()
            .OrderBy(k => k.RevokedAt != null)
            .ThenByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        return await SummarizeAsync(db, tenant, keys, cancellationToken);
    }

    /// <summary>The key, or null when this organization has none with that ID (another organization's counts as none).</summary>
    public async Task<ApiKeySummary?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = database.Create(tenant);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        return key is null ? null : (await SummarizeAsync(db, tenant, [key], cancellationToken))[0];
    }

    /// <summary>The organization's groups, for the policy pickers.</summary>
    public async Task<IReadOnlyList<GroupChoice>> GetGroupChoicesAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await access.RequireAsync(t => t.CanRead, cancellationToken);
        await using var db = database.Create(tenant);
        return await db.Groups.AsNoTracking()
            .OrderBy(g => g.Name)
            .Select(g => new GroupChoice(g.PublicId, g.Name))
            .ToListAsync(cancellationToken);
    }

    public async Task<OperationResult<CreatedApiKey>> CreateAsync(ApiKeyForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var tenant = await access.RequireAsync(t => t.CanManageOwnKeys, cancellationToken);
        await using var db = database.Create(tenant);
        var (values, errors) = await ValidateAsync(db, form, cancellationToken);
        if (values is null)
        {
            return OperationResult.Invalid<CreatedApiKey>(errors);
        }

        var material = ApiKeyHasher.Generate();
        var key = new ApiKey
        {
            OrganizationId = tenant.OrganizationId,
            Name = values.Name,
            Hash = material.Hash,
            Last4 = material.Last4,
            CreatedByUserId = tenant.UserId,
            CreatedAt = time.GetUtcNow(),
        };
        Apply(key, values);
        db.ApiKeys.Add(key);
        audit.Record(db, tenant, ConfigurationAuditActions.KeyCreated, ConfigurationAuditActions.KeyEntity, key.Id.ToString(), null, ApiKeySnapshot.Of(key));
        await db.SaveChangesAsync(cancellationToken);
        await changes.PublishAsync(tenant.OrganizationId, cancellationToken);

        var summary = (await SummarizeAsync(db, tenant, [key], cancellationToken))[0];
        return OperationResult.Success(new CreatedApiKey(summary, material.Plaintext));
    }

    /// <summary>Renames the key and replaces its policy.</summary>
    public async Task<OperationResult<ApiKeySummary>> UpdateAsync(Guid id, ApiKeyForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (tenant, db, key) = await OpenForChangeAsync(id, cancellationToken);
        await using (db)
        {
            if (key is null)
            {
                return NotFound();
            }

            if (key.IsRevoked)
            {
                return OperationResult.Failed<ApiKeySummary>("This key is revoked; create a new one instead.");
            }

            var (values, errors) = await ValidateAsync(db, form, cancellationToken);
            if (values is null)
            {
                return OperationResult.Invalid<ApiKeySummary>(errors);
            }

            var before = ApiKeySnapshot.Of(key);
            key.Name = values.Name;
            Apply(key, values);
            audit.Record(db, tenant, ConfigurationAuditActions.KeyUpdated, ConfigurationAuditActions.KeyEntity, key.Id.ToString(), before, ApiKeySnapshot.Of(key));
            await db.SaveChangesAsync(cancellationToken);
            await changes.PublishAsync(tenant.OrganizationId, cancellationToken);
            return OperationResult.Success((await SummarizeAsync(db, tenant, [key], cancellationToken))[0]);
        }
    }

    /// <summary>Stops the key for good: the gateways refuse it as soon as they hear of the change.</summary>
    public async Task<OperationResult<ApiKeySummary>> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var (tenant, db, key) = await OpenForChangeAsync(id, cancellationToken);
        await using (db)
        {
            if (key is null)
            {
                return NotFound();
            }

            if (!key.IsRevoked)
            {
                var before = ApiKeySnapshot.Of(key);
                key.RevokedAt = time.GetUtcNow();
                audit.Record(db, tenant, ConfigurationAuditActions.KeyRevoked, ConfigurationAuditActions.KeyEntity, key.Id.ToString(), before, ApiKeySnapshot.Of(key));
                await db.SaveChangesAsync(cancellationToken);
                await changes.PublishAsync(tenant.OrganizationId, cancellationToken);
            }

            return OperationResult.Success((await SummarizeAsync(db, tenant, [key], cancellationToken))[0]);
        }
    }

    /// <summary>Members may change their own keys only; admins any. Checked before anything about the key is touched.</summary>
    private async Task<(TenantContext Tenant, SwitchyardDbContext Db, ApiKey? Key)> OpenForChangeAsync(Guid id, CancellationToken cancellationToken)
    {
        var tenant = await access.RequireAsync(t => t.CanManageOwnKeys, cancellationToken);
        var db = database.Create(tenant);
        try
        {
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
            if (key is not null && !CanManage(tenant, key))
            {
                throw new UnauthorizedAccessException("Members can change and revoke only the API keys they created; ask an admin.");
            }

            return (tenant, db, key);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static bool CanManage(TenantContext tenant, ApiKey key) =>
        tenant.CanManageConfiguration || (tenant.CanManageOwnKeys && key.CreatedByUserId == tenant.UserId);

    private static async Task<(ApiKeyPolicyValues? Values, IReadOnlyList<Domain.Validation.ValidationError> Errors)> ValidateAsync(
        SwitchyardDbContext db, ApiKeyForm form, CancellationToken cancellationToken)
    {
        var groups = await db.Groups.AsNoTracking().Select(g => g.PublicId).ToListAsync(cancellationToken);
        var slugs = await db.Connections.AsNoTracking().Select(c => c.Slug).ToListAsync(cancellationToken);
        return ApiKeyFormValidator.Validate(form, groups, slugs);
    }

    private static void Apply(ApiKey key, ApiKeyPolicyValues values)
    {
        key.DefaultGroupId = values.DefaultGroupId;
        key.AllowedGroups = [.. values.AllowedGroups];
        key.AllowedModels = [.. values.AllowedModels];
    }

    /// <summary>Adds who created each key and when it was last used (the newest request log entry, or the key's own stamp).</summary>
    private static async Task<List<ApiKeySummary>> SummarizeAsync(SwitchyardDbContext db, TenantContext tenant, List<ApiKey> keys, CancellationToken cancellationToken)
    {
        // One max() per key, which PostgreSQL answers from the (organization, key, timestamp) index with a single
        // backward step; a GROUP BY over the logs would read every row the keys ever logged.
        var ids = keys.Select(k => k.Id).ToList();
        var lastLogged = (await db.ApiKeys.AsNoTracking()
            .Where(k => ids.Contains(k.Id))
            .Select(k => new { KeyId = k.Id, Last = db.RequestLogs.Where(l => l.ApiKeyId == k.Id).Max(l => (DateTimeOffset?)l.Timestamp) })
            .ToListAsync(cancellationToken))
            .Where(x => x.Last is not null)
            .ToDictionary(x => x.KeyId, x => x.Last!.Value);

        var creatorIds = keys.Where(k => k.CreatedByUserId is not null).Select(k => k.CreatedByUserId!.Value).Distinct().ToList();
        var creators = await db.Users.AsNoTracking()
            .Where(u => creatorIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email })
            .ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);

        return [.. keys.Select(k =>
        {
            DateTimeOffset? lastUsed = lastLogged.TryGetValue(k.Id, out var logged) ? logged : null;
            if (k.LastUsedAt > lastUsed || lastUsed is null)
            {
                lastUsed = k.LastUsedAt;
            }

            return new ApiKeySummary(
                k.Id,
                k.Name,
                k.Last4,
                k.CreatedAt,
                k.CreatedByUserId is { } creator ? creators.GetValueOrDefault(creator) : null,
                lastUsed,
                k.RevokedAt,
                k.DefaultGroupId,
                [.. k.AllowedGroups],
                [.. k.AllowedModels],
                !k.IsRevoked && CanManage(tenant, k));
        })];
    }

    private static OperationResult<ApiKeySummary> NotFound() =>
        OperationResult.Failed<ApiKeySummary>("This API key does not exist (any more).");
}
